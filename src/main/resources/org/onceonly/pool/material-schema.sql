-- Materials: uploaded files stored once by content (ref = 'sha256:' || hex SHA-256) and linked to each
-- subject that uploaded them. Idempotent: run at every start.
CREATE TABLE IF NOT EXISTS material (
    ref        text        PRIMARY KEY,
    media_type text        NOT NULL,
    size       bigint      NOT NULL,
    content    bytea       NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);
-- PDF, PNG and JPEG are compressed already: keep the content out of line without trying to compress it.
ALTER TABLE material ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS subject_material (
    subject     text        NOT NULL,
    ref         text        NOT NULL REFERENCES material (ref),
    file_name   text        NOT NULL,
    uploaded_by text        NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, ref)
);

-- Verifying an uploaded certificate finds it by the digest of its signed document.
CREATE INDEX IF NOT EXISTS golden_certificate_by_digest ON golden_record ((fields->'documentDigest'->>'value'))
    WHERE entity = 'Certificate';
