//! The schema: every upgrade ends at the schema a new journal gets, one step at a time, and a
//! failed step changes nothing.

use super::schema::SCHEMA_VERSION;
use super::*;
use crate::model::RunKind;

fn schema_of(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .expect("schema query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("schema")
}

#[test]
fn every_connection_gets_the_pragmas() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::opened(dir.path().join("f.db")).expect("open");
    let conn = store.lock();
    let get = |p: &str| -> String {
        conn.query_row(&format!("PRAGMA {p}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .expect("pragma")
    };
    assert_eq!(get("journal_mode"), "wal");
    assert_eq!(get("foreign_keys"), "1");
    assert_eq!(get("synchronous"), "2", "FULL");
    assert_eq!(get("temp_store"), "2", "MEMORY");
    assert_eq!(get("busy_timeout"), "30000");
    assert_eq!(get("cache_size"), "-8192", "8 MiB");
    assert_eq!(get("application_id"), schema::APPLICATION_ID.to_string());
    assert_eq!(get("user_version"), SCHEMA_VERSION.to_string());
}

#[test]
fn every_past_schema_upgrades_to_the_fresh_schema_with_its_data() {
    let dir = tempfile::tempdir().expect("dir");
    let fresh = Store::opened(dir.path().join("fresh.db")).expect("fresh");
    let want = schema_of(&fresh.lock());
    for past in 0..schema::MIGRATIONS.len() {
        let path = dir.path().join(format!("v{past}.db"));
        let old = Store::open_with(
            &path,
            &schema::MIGRATIONS[..past],
            None,
            crate::zones::Catalog::embedded().unwrap(),
            crate::session::counts_as_done,
        )
        .expect("old schema");
        drop(old);
        let upgraded = Store::opened(&path).expect("upgrade");
        assert_eq!(schema_of(&upgraded.lock()), want, "from version {past}");
    }
}

/// A made-up next version proves the mechanism: data kept, a copy taken first, and a
/// failing step leaves the file exactly at its old version.
#[test]
fn upgrades_keep_data_copy_the_file_first_and_fail_as_a_whole() {
    use schema::Migration;
    let next = Migration::Sql("ALTER TABLE runs ADD COLUMN feel INTEGER;");
    let with = |extra: &[Migration]| -> Vec<Migration> {
        schema::MIGRATIONS.iter().chain(extra).copied().collect()
    };
    let current = SCHEMA_VERSION;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("j.db");
    let now = DateTime::from_timestamp(1_790_000_000, 0).expect("now");
    let journal = Store::opened(&path).expect("current");
    let run = NewRun {
        started_at: now,
        distance_m: 10_000,
        duration_s: 3_000,
        kind: RunKind::Easy,
    };
    let stored = journal.add_run(&run, now, "UTC").expect("run");
    drop(journal);

    let broken = Store::open_with(
        &path,
        &with(&[next, Migration::Sql("NOT SQL AT ALL")]),
        None,
        crate::zones::Catalog::embedded().unwrap(),
        crate::session::counts_as_done,
    );
    assert!(matches!(broken, Err(StoreError::Sqlite(_))));
    let conn = Connection::open(&path).expect("raw");
    assert_eq!(
        schema::version(&conn).expect("version"),
        current,
        "rolled back whole"
    );
    drop(conn);

    let upgraded = Store::open_with(
        &path,
        &with(&[next]),
        None,
        crate::zones::Catalog::embedded().unwrap(),
        crate::session::counts_as_done,
    )
    .expect("next");
    assert_eq!(upgraded.recent_runs(1).expect("runs"), vec![stored]);
    let copies = upgraded.backups().expect("backups");
    let copy = format!("pre-migration-v{current}.db");
    assert!(copies.iter().any(|b| b.id == copy), "{copies:?}");
    drop(upgraded);
    assert!(matches!(
        Store::opened(&path),
        Err(StoreError::IncompatibleVersion { found, supported })
            if found == current + 1 && supported == current
    ));
}
