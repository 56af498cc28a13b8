-- The portal complaint form's per-address limit, shared by every API process (it was
-- kept in each process's memory, so N processes allowed N times the limit). One mark per
-- complaint taken, written in the intake's own transaction, so a refused or rolled-back
-- intake leaves none. The address is kept only as a SHA-256 of its key (the IPv4 address
-- or IPv6 /64), and only for the window: each intake deletes its tenant's ended marks.
CREATE TABLE complaint_intake_marks (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    address_digest bytea NOT NULL CHECK (length(address_digest) = 32),
    at timestamptz NOT NULL
);
CREATE INDEX complaint_intake_marks_address ON complaint_intake_marks (tenant_id, address_digest, at);
CREATE INDEX complaint_intake_marks_at ON complaint_intake_marks (tenant_id, at);
SELECT enable_tenant_isolation('complaint_intake_marks', '{SELECT,INSERT,DELETE}');
