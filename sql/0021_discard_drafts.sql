-- A planned draw (nothing frozen, nothing published) and a rating draft (never
-- published) may be discarded: the row goes, the audit trail keeps it. Anything past
-- those states is a public record and never goes away: the triggers refuse it.
GRANT DELETE ON draws TO oversight_app;
GRANT DELETE ON ratings TO oversight_app;

CREATE FUNCTION refuse_discarding_records() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_TABLE_NAME = 'draws' AND OLD.state <> 'planned') OR (TG_TABLE_NAME = 'ratings' AND OLD.state <> 'draft') THEN
        RAISE EXCEPTION 'a % that is % is a record and is kept', TG_TABLE_NAME, OLD.state USING ERRCODE = '55000';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER draws_discard_planned_only BEFORE DELETE ON draws
    FOR EACH ROW EXECUTE FUNCTION refuse_discarding_records();
CREATE TRIGGER ratings_discard_drafts_only BEFORE DELETE ON ratings
    FOR EACH ROW EXECUTE FUNCTION refuse_discarding_records();
