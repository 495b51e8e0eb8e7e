/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinlogPositionTest {
    @Test
    void positionNamesFileSequenceEventOffsetAndRowInFixedWidth() {
        assertThat(streamed("mysql-bin.000003", 4711, 2)).isEqualTo("bin:0000000003:0000000000000004711:0000000002");
    }

    @Test
    void laterBinlogFileSortsAfterEarlierFileWhateverTheOffsets() {
        assertThat(streamed("mariadb-bin.000009", 900_000_000L, 70)).isLessThan(streamed("mariadb-bin.000010", 4, 0));
    }

    @Test
    void fileSequencePastSixDigitsStillSortsAfter() {
        assertThat(streamed("mysql-bin.999999", 4, 0)).isLessThan(streamed("mysql-bin.1000000", 4, 0));
    }

    @Test
    void laterEventInAFileSortsAfterEarlierEvent() {
        assertThat(streamed("mysql-bin.000001", 999, 5)).isLessThan(streamed("mysql-bin.000001", 1000, 0));
    }

    @Test
    void laterRowOfOneEventSortsAfterEarlierRow() {
        assertThat(streamed("mysql-bin.000001", 3901, 9)).isLessThan(streamed("mysql-bin.000001", 3901, 10));
    }

    @Test
    void snapshotReadSortsBeforeEveryChangeStreamedFromItsPosition() {
        String snapshot = snapshot("mysql-bin.000002", 2846);

        assertThat(snapshot).isEqualTo("bin:0000000002:0000000000000002846");
        assertThat(snapshot).isLessThan(streamed("mysql-bin.000002", 2846, 0)).isLessThan(streamed("mysql-bin.000002", 3035, 0));
    }

    @Test
    void snapshotTakenLaterSortsAfterChangesBeforeIt() {
        assertThat(streamed("mysql-bin.000002", 2846, 7)).isLessThan(snapshot("mysql-bin.000002", 5000));
        assertThat(snapshot("mysql-bin.000002", 5000)).isLessThan(snapshot("mysql-bin.000003", 4));
    }

    @Test
    void textOrderEqualsChangeOrder() {
        List<BinlogPosition> inOrder = new ArrayList<>();
        for (long file = 1; file <= 12; file++) {
            inOrder.add(new BinlogPosition(file, 4, 0, true));
            for (long offset : new long[] {4, 256, 65_536, 4_294_967_295L}) {
                for (int row = 0; row < 12; row++) {
                    inOrder.add(new BinlogPosition(file, offset, row, false));
                }
            }
        }
        List<String> texts = new ArrayList<>(inOrder.stream().map(BinlogPosition::encoded).toList());
        Collections.shuffle(texts, new Random(3));

        Collections.sort(texts);

        assertThat(texts).containsExactlyElementsOf(inOrder.stream().map(BinlogPosition::encoded).toList());
    }

    @Test
    void fileSequenceIsTheNumberAfterTheLastDot() {
        assertThat(BinlogPosition.fileSequence("mysql-bin.000003")).isEqualTo(3);
        assertThat(BinlogPosition.fileSequence("db-01.example.bin.0001234")).isEqualTo(1234);
    }

    @Test
    void fileNameWithoutASequenceNumberIsRefused() {
        assertThatThrownBy(() -> BinlogPosition.fileSequence("mysql-bin")).hasMessageContaining("sequence number");
        assertThatThrownBy(() -> BinlogPosition.fileSequence("mysql-bin.index")).hasMessageContaining("sequence number");
    }

    private static String streamed(String file, long offset, int row) {
        return BinlogPosition.of(file, offset, row, false).encoded();
    }

    private static String snapshot(String file, long offset) {
        return BinlogPosition.of(file, offset, 0, true).encoded();
    }
}
