//! The ledger's schema, one migration per version (`PRAGMA user_version`). A migration is
//! never edited once released: a change is a new one. `docs/ledger.md` describes the tables.

/// Migration `n` takes the file from version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: entries, costs and value points.
    "
    CREATE TABLE entries (
        id            INTEGER PRIMARY KEY,
        source        TEXT    NOT NULL,
        source_key    TEXT    NOT NULL,
        at            INTEGER NOT NULL,
        market        TEXT    NOT NULL CHECK (market IN ('mannco', 'assetpay')),
        account       TEXT    NOT NULL,
        kind          TEXT    NOT NULL CHECK (kind IN
                          ('listed', 'sold', 'bought', 'sold_to_assetpay', 'withdrawn', 'deposited')),
        item_name     TEXT    NOT NULL,
        asset_id      TEXT,
        game          TEXT,
        price_cents   INTEGER,
        fee_cents     INTEGER,
        credit_cents  INTEGER,
        status        TEXT,
        duplicate_of  INTEGER REFERENCES entries(id),
        UNIQUE (source, source_key)
    );
    CREATE INDEX entries_at ON entries(at);
    CREATE INDEX entries_sales ON entries(market, kind, item_name);
    CREATE TABLE costs (
        id           INTEGER PRIMARY KEY,
        source_key   TEXT    NOT NULL UNIQUE,
        at           INTEGER NOT NULL,
        item_name    TEXT,
        asset_id     TEXT,
        price_cents  INTEGER NOT NULL,
        origin       TEXT    NOT NULL CHECK (origin IN ('import', 'set'))
    );
    CREATE TABLE value_points (
        account      TEXT    NOT NULL,
        market       TEXT    NOT NULL,
        hour         INTEGER NOT NULL,
        at           INTEGER NOT NULL,
        items        INTEGER NOT NULL,
        total_cents  INTEGER NOT NULL,
        basis        TEXT    NOT NULL,
        PRIMARY KEY (account, market, hour)
    );
    ",
    // 2: which journal files were imported as they stood, so an unchanged one is not read again.
    "
    CREATE TABLE imported_files (
        path         TEXT    PRIMARY KEY,
        len          INTEGER NOT NULL,
        modified_ns  INTEGER NOT NULL
    );
    ",
];
