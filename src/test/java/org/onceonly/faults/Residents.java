package org.onceonly.faults;

import org.onceonly.identity.CitizenId;

/** Synthetic residents for fault tests. */
final class Residents {
    private Residents() {}

    /** A valid GB 11643 identity number from a region code, a yyyyMMdd birth date and a sequence number. */
    static String identityNumber(String region, String birth, int sequence) {
        String first17 = region + birth + String.format("%03d", sequence);
        return first17 + CitizenId.checkCharacter(first17);
    }
}
