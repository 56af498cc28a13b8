-- The evidence store: uploaded files, content-addressed per tenant by the SHA-256 the
-- server computed, their bytes in chunks of at most 256 KiB (so no statement holds a
-- whole file), and what the service read from them (EXIF capture time, GPS position and
-- embedded thumbnail of a photo).
CREATE TABLE evidence_files (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint NOT NULL CHECK (size > 0),
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/heic', 'application/pdf')),
    chunks integer NOT NULL CHECK (chunks > 0),
    captured_at timestamptz,
    latitude double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude double precision CHECK (longitude BETWEEN -180 AND 180),
    thumbnail bytea,
    uploaded_by_role text NOT NULL,
    uploaded_by_token uuid,
    uploaded_by_subject uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, sha256)
);

CREATE TABLE evidence_chunks (
    tenant_id uuid NOT NULL,
    file_id uuid NOT NULL,
    seq integer NOT NULL CHECK (seq >= 0),
    data bytea NOT NULL CHECK (octet_length(data) BETWEEN 1 AND 262144),
    PRIMARY KEY (tenant_id, file_id, seq)
);

-- Files are never changed or deleted by the service: a file a record names stays as it
-- was uploaded (the chunks of an upload that turned out to be a duplicate are removed in
-- its own transaction, before any record can name them).
CREATE FUNCTION evidence_files_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence files never change' USING ERRCODE = '55000';
END
$$;
CREATE TRIGGER evidence_files_immutable BEFORE UPDATE OR DELETE ON evidence_files
    FOR EACH ROW EXECUTE FUNCTION evidence_files_immutable();

SELECT enable_tenant_isolation('evidence_files', '{SELECT,INSERT}');
SELECT enable_tenant_isolation('evidence_chunks', '{SELECT,INSERT,DELETE}');

-- Only the chunks of an upload that has no file row (a duplicate, or an upload that
-- failed) may be deleted.
CREATE FUNCTION evidence_chunks_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM evidence_files f WHERE f.tenant_id = OLD.tenant_id AND f.id = OLD.file_id) THEN
        RAISE EXCEPTION 'the chunks of a stored file are kept' USING ERRCODE = '55000';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER evidence_chunks_kept BEFORE DELETE ON evidence_chunks
    FOR EACH ROW EXECUTE FUNCTION evidence_chunks_kept();
