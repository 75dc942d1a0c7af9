//! A real server on loopback for integration tests (this crate's and the
//! sync client's): port 0, a temporary data dir, the demo accounts, and
//! direct access to what the server stored.

pub use crate::db::backend::postgres::scratch::{ADMIN_URL_VAR, ScratchDatabase};
use crate::db::{Database, ServerOrder};
use crate::{AppState, Settings, demo, open_state, serve_on};
use chrono::Utc;
use fieldcrew_domain::order::{Address, AreaClass, Coordinates, EquipmentKind, OrderSource, Priority};
use fieldcrew_domain::{FieldEvent, MediaId, OrderId, WorkOrder};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct TestServer {
    pub base_url: String,
    pub addr: SocketAddr,
    /// The first demo crew and its PIN.
    pub crew_code: String,
    pub pin: String,
    /// The second demo crew.
    pub other_crew_code: String,
    pub other_pin: String,
    pub dispatcher: (String, String),
    pub state: AppState,
    dir: tempfile::TempDir,
    running: Option<(oneshot::Sender<()>, JoinHandle<std::io::Result<()>>)>,
    /// The PostgreSQL database of its own, when tests run on PostgreSQL;
    /// dropped with the server.
    _database: Option<ScratchDatabase>,
}

/// Set to `postgres` (with [`ADMIN_URL_VAR`] the admin URL), test servers
/// run on a PostgreSQL database each instead of a SQLite file.
pub const BACKEND_VAR: &str = "FIELDCREW_TEST_BACKEND";

/// A new empty PostgreSQL database from [`ADMIN_URL_VAR`], dropped with the
/// value (its `url` field is a `database_url`); `None` without the variable.
pub fn scratch_postgres() -> Option<ScratchDatabase> {
    ScratchDatabase::create()
}

/// Points `settings` at a scratch PostgreSQL database when tests run on
/// PostgreSQL and the test did not choose a database itself.
fn database_for_test(settings: &mut Settings) -> Option<ScratchDatabase> {
    if std::env::var(BACKEND_VAR).as_deref() != Ok("postgres") || !settings.database_url.is_empty() {
        return None;
    }
    let db = ScratchDatabase::create().unwrap_or_else(|| {
        panic!("{BACKEND_VAR}=postgres needs {ADMIN_URL_VAR} (scripts/postgres.sh prints one)")
    });
    settings.database_url = db.url.clone();
    Some(db)
}

impl TestServer {
    /// Starts with default settings.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts with settings adjusted by `adjust` (the data dir is set after).
    pub async fn start_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::start_on(tempfile::tempdir().expect("temp dir"), adjust).await
    }

    /// Starts with its data dir inside `parent` (a small filesystem the
    /// test fills, say).
    pub async fn start_in(parent: &std::path::Path) -> Self {
        Self::start_in_with(parent, |_| {}).await
    }

    /// [`Self::start_in`] with settings adjusted by `adjust`.
    pub async fn start_in_with(parent: &std::path::Path, adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::start_on(tempfile::tempdir_in(parent).expect("temp dir in parent"), adjust).await
    }

    async fn start_on(dir: tempfile::TempDir, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings::default();
        adjust(&mut settings);
        settings.data_dir = dir.path().to_path_buf();
        let database = database_for_test(&mut settings);
        let state = open_state(settings).expect("server state opens");
        demo::seed(state.db.as_ref(), Utc::now(), false).expect("accounts seed");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("bound address");
        let [(crew_code, _, pin, _), (other_crew_code, _, other_pin, _)] = demo::CREWS;
        let mut server = TestServer {
            base_url: format!("http://{addr}"),
            addr,
            crew_code: crew_code.into(),
            pin: pin.into(),
            other_crew_code: other_crew_code.into(),
            other_pin: other_pin.into(),
            dispatcher: (demo::DISPATCHER.0.into(), demo::DISPATCHER.1.into()),
            state,
            dir,
            running: None,
            _database: database,
        };
        server.run(listener);
        server
    }

    fn run(&mut self, listener: tokio::net::TcpListener) {
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(serve_on(listener, self.state.clone(), async {
            let _ = stopped.await;
        }));
        self.running = Some((stop, handle));
    }

    /// Stops serving (as if the server went down); data stays.
    pub async fn stop(&mut self) {
        if let Some((stop, handle)) = self.running.take() {
            let _ = stop.send(());
            let _ = handle.await;
        }
    }

    /// Serves again on the same address over the same data.
    pub async fn restart(&mut self) {
        self.stop().await;
        let mut settings = (*self.state.settings).clone();
        settings.data_dir = self.dir.path().to_path_buf();
        self.state = open_state(settings).expect("server state reopens");
        let listener = tokio::net::TcpListener::bind(self.addr).await.expect("rebind the same port");
        self.run(listener);
    }

    pub fn db(&self) -> Arc<dyn Database> {
        self.state.db.clone()
    }

    /// A fresh dispatcher bearer token (as if `dispatcher` had signed in).
    pub fn dispatcher_token(&self) -> String {
        let (token, token_hash) = crate::auth::new_token();
        let now = Utc::now();
        let record = crate::db::TokenRecord {
            token_hash,
            principal: crate::db::Principal::Dispatcher { username: self.dispatcher.0.clone() },
            created_at: now,
            expires_at: now + chrono::Duration::hours(1),
            revoked_at: None,
        };
        self.db().save_token(&record).expect("token stored");
        token
    }

    /// Creates an order assigned to `crew_code`, as dispatch would.
    pub fn create_order(&self, crew_code: &str) -> WorkOrder {
        let now = Utc::now();
        let id = OrderId::new();
        let order = WorkOrder {
            id,
            number: format!("T-{id}"),
            source: OrderSource::Dispatch,
            reporter_name: "测试用户".into(),
            reporter_phone: "13800000000".into(),
            address: Address { village_or_street: "测试村".into(), house_number: "1号".into() },
            fault_description: "整户停电".into(),
            equipment: EquipmentKind::Meter,
            area: AreaClass::Rural,
            reported_at: now,
            notified_at: Some(now),
            site: Some(Coordinates { lat: 30.5928, lon: 114.3055 }),
            assigned_crew: Some(crew_code.into()),
            priority: Priority::Normal,
        };
        assert!(self.db().create_order(&order).expect("order stored"));
        order
    }

    pub fn reassign(&self, id: OrderId, to_crew: &str) {
        self.db().assign_order(id, to_crew, Utc::now()).expect("reassigned").expect("order exists");
    }

    pub fn cancel(&self, id: OrderId) {
        self.db().cancel_order(id, Utc::now()).expect("database answers").expect("order cancelled");
    }

    pub fn order(&self, id: OrderId) -> Option<ServerOrder> {
        self.db().order(id).expect("order read")
    }

    /// The events the server stored for an order, in arrival order.
    pub fn order_events(&self, id: OrderId) -> Vec<FieldEvent> {
        self.order(id).map(|o| o.events.into_iter().map(|e| e.event).collect()).unwrap_or_default()
    }

    /// The bytes of a media file, once it is completely uploaded, read
    /// from the media store the settings name (a folder or S3).
    pub fn media_bytes(&self, id: MediaId) -> Option<Vec<u8>> {
        let media = self.db().upload(id).expect("media read")?;
        if !media.present {
            return None;
        }
        // Callable from sync code inside a test's runtime: a store of its own
        // on a thread with its own runtime (an S3 client's pooled connections
        // belong to the runtime that opened them).
        let settings = (*self.state.settings).clone();
        let bytes = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            let store = crate::media_store::MediaStore::open(&settings).expect("the media store opens");
            runtime.block_on(store.get(&media.sha256)).expect("the media store answers")
        })
        .join()
        .expect("the media read did not panic");
        Some(bytes.expect("a complete upload's file is in the media store").to_vec())
    }
}

/// Uploads whose finishing PATCH stops as if the server were killed right
/// after moving the file into `media/`, before "complete" is saved.
static CRASH_AFTER_MOVE: std::sync::Mutex<Vec<MediaId>> = std::sync::Mutex::new(Vec::new());

/// Arms the kill for the upload of `id` (once).
pub fn crash_after_media_move(id: MediaId) {
    CRASH_AFTER_MOVE.lock().unwrap_or_else(|p| p.into_inner()).push(id);
}

/// Whether the upload of `id` was armed; disarms it.
pub(crate) fn crash_armed(id: MediaId) -> bool {
    let mut armed = CRASH_AFTER_MOVE.lock().unwrap_or_else(|p| p.into_inner());
    let before = armed.len();
    armed.retain(|armed| *armed != id);
    armed.len() != before
}
