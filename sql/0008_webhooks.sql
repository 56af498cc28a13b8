-- Webhook subscriptions, deliveries and their attempts (spec/webhooks.md).
-- Events come from the outbox (0003): every event is fanned out by an `events.fanout` job
-- into one delivery per matching subscription, and each delivery attempt is a
-- `webhook.deliver` job.

CREATE TABLE webhook_subscriptions (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    -- Whose events it hears: a regulator's the tenant's; an inspector's or an institution's
    -- only those about owner_id.
    owner_role text NOT NULL CHECK (owner_role IN ('regulator', 'inspector', 'institution')),
    owner_id uuid,
    url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
    event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    -- The signing secret (whsec_…), needed in clear to sign; never returned after creation
    -- and never logged. The previous one keeps signing until previous_secret_expires_at.
    secret text NOT NULL,
    previous_secret text,
    previous_secret_expires_at timestamptz,
    state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
    disabled_reason text,
    disabled_at timestamptz,
    failing_since timestamptz,
    failed_deliveries_in_a_row integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK ((owner_role = 'regulator') = (owner_id IS NULL))
);
-- Fan-out looks up the active subscriptions of a tenant, by owner.
CREATE INDEX webhook_subscriptions_fanout ON webhook_subscriptions (tenant_id, owner_role, owner_id) WHERE state = 'active';

CREATE TABLE webhook_deliveries (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    event_id uuid NOT NULL,
    -- A replay is a new delivery of the same event (same webhook-id) to the same subscription.
    replay_of uuid,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_status integer,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions (tenant_id, id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id),
    FOREIGN KEY (tenant_id, replay_of) REFERENCES webhook_deliveries (tenant_id, id)
);
-- A fan-out that runs twice creates each delivery once.
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (tenant_id, subscription_id, event_id)
    WHERE replay_of IS NULL;
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (tenant_id, subscription_id, id);

CREATE TABLE webhook_attempts (
    tenant_id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    attempted_at timestamptz NOT NULL,
    status_code integer,
    duration_ms integer NOT NULL CHECK (duration_ms >= 0),
    error text,
    -- The first bytes of the answer (at most 1 KiB), for the sender's diagnosis.
    response_excerpt text,
    PRIMARY KEY (tenant_id, delivery_id, number),
    FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhook_subscriptions', 'webhook_deliveries', 'webhook_attempts'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
            ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON webhook_subscriptions, webhook_deliveries TO oversight_app;
-- Attempts are a record: appended, never changed.
GRANT SELECT, INSERT ON webhook_attempts TO oversight_app;
