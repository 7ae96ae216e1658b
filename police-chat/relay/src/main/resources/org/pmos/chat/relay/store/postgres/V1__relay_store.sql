-- The relay's durable state, shared by every relay node. Values are ciphertext and routing
-- metadata only. STORAGE EXTERNAL: no TOAST compression of ciphertext (it does not compress).

-- The highest sequence number handed out per device; its row lock orders a device's queue
-- across nodes, and the conditional update refuses a batch built on an old number.
CREATE TABLE device_seq (
    device   text   PRIMARY KEY,
    last_seq bigint NOT NULL
);

-- Per-device queues: one row per entry not yet acknowledged (a pmos.chat.relay.v1.Delivery).
CREATE TABLE queue_entry (
    device   text   NOT NULL,
    seq      bigint NOT NULL,
    delivery bytea  NOT NULL,
    PRIMARY KEY (device, seq)
);
ALTER TABLE queue_entry ALTER COLUMN delivery SET STORAGE EXTERNAL;

-- Groups: the epoch is the version; a commit updates it only from the epoch it was built on.
CREATE TABLE relay_group (
    group_id bytea  PRIMARY KEY,
    epoch    bigint NOT NULL CHECK (epoch >= 0),
    members  text[] NOT NULL
);

-- The winning commit of each epoch: one per (group, epoch), enforced by the key.
CREATE TABLE group_commit (
    group_id bytea  NOT NULL REFERENCES relay_group (group_id),
    epoch    bigint NOT NULL,
    delivery bytea  NOT NULL,
    PRIMARY KEY (group_id, epoch)
);
ALTER TABLE group_commit ALTER COLUMN delivery SET STORAGE EXTERNAL;

-- KeyPackages per device (a pmos.chat.relay.store.v1.KeyPackageRecord); version as for groups.
CREATE TABLE key_packages (
    device  text   PRIMARY KEY,
    version bigint NOT NULL,
    record  bytea  NOT NULL
);
ALTER TABLE key_packages ALTER COLUMN record SET STORAGE EXTERNAL;
