-- People at work in the browser, second part: the inspector's phone and the
-- institution's pages.

-- Each answer saved from the phone carries an idempotency key, one per save: the same
-- save sent again (the browser resending a form, the offline queue replaying one whose
-- answer was lost) is applied once, so it cannot undo a newer answer made after it. A
-- key comes back only for the item it was first used for.
CREATE TABLE inspection_answer_saves (
    tenant_id uuid NOT NULL,
    inspection_id uuid NOT NULL,
    key text NOT NULL CHECK (char_length(key) BETWEEN 8 AND 100),
    item_code text NOT NULL,
    saved_by uuid,
    saved_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, inspection_id, key),
    FOREIGN KEY (tenant_id, inspection_id) REFERENCES inspections (tenant_id, id)
);

-- The institution representative's on-site confirmation of the record (现场确认): a
-- name and the drawn signature, stored as an evidence file (its SHA-256 cited here).
-- An answer changed after it removes it: the representative signs what is submitted.
CREATE TABLE inspection_confirmations (
    tenant_id uuid NOT NULL,
    inspection_id uuid NOT NULL,
    representative text NOT NULL CHECK (char_length(representative) BETWEEN 1 AND 50),
    signature jsonb NOT NULL,
    recorded_by uuid,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, inspection_id),
    FOREIGN KEY (tenant_id, inspection_id) REFERENCES inspections (tenant_id, id)
);

-- An institution's self-assessment in progress: saved as it goes, across visits, until
-- it is submitted (then it becomes a self_assessments row and the draft goes).
CREATE TABLE self_assessment_drafts (
    tenant_id uuid NOT NULL,
    institution_id uuid NOT NULL,
    checklist_version_id uuid NOT NULL,
    results jsonb NOT NULL DEFAULT '[]',
    saved_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, institution_id),
    FOREIGN KEY (tenant_id, institution_id) REFERENCES institutions (tenant_id, id)
);

ALTER TABLE inspection_answer_saves ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_answer_saves FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspection_answer_saves
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON inspection_answer_saves TO oversight_app;

ALTER TABLE inspection_confirmations ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_confirmations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inspection_confirmations
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON inspection_confirmations TO oversight_app;

ALTER TABLE self_assessment_drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE self_assessment_drafts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON self_assessment_drafts
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON self_assessment_drafts TO oversight_app;
