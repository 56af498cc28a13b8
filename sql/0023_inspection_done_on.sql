-- The day an inspection was done, as the public reads it: its inspectors' last
-- submission (after a return and a resubmission, the later one), else its review, as a
-- date in the tenant's time zone. One definition for the portal's pages and the public
-- JSON, which showed the scheduled day before.
CREATE FUNCTION inspection_done_on(p_tenant uuid, p_inspection uuid, p_reviewed_at timestamptz)
RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (coalesce(
        (SELECT max(s.at) FROM inspection_steps s
         WHERE s.tenant_id = p_tenant AND s.inspection_id = p_inspection AND s.action = 'submit'),
        p_reviewed_at
    ) AT TIME ZONE (SELECT coalesce(t.settings->>'time_zone', 'Asia/Shanghai') FROM tenants t WHERE t.id = p_tenant))::date
$$;
GRANT EXECUTE ON FUNCTION inspection_done_on(uuid, uuid, timestamptz) TO oversight_app;
