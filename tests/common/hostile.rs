//! Small loopback markets for hostile-market tests, written here from the documents, one
//! behaviour each, independent of the project's simulator.

use axum::body::{Body, Bytes};
use axum::http::{Method, Response, Uri};
use serde_json::json;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use tradedeck::api::mannco::ManncoClient;
use tradedeck::api::retry::RetryPolicy;
use tradedeck::secret::Secret;

/// One request as the hostile server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub body: String,
}

pub type Handler = Arc<dyn Fn(&Seen) -> Response<Body> + Send + Sync>;

pub struct Server {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Open: POSTs are handled as they come. Closed: each waits, received, until it opens.
    gate: tokio::sync::watch::Sender<bool>,
}

impl Server {
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn posts(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.method == Method::POST && r.path == path).count()
    }

    /// Money calls are received but not handled until `release_posts`.
    pub fn hold_posts(&self) {
        self.gate.send_replace(false);
    }

    pub fn release_posts(&self) {
        self.gate.send_replace(true);
    }

    /// Resolves once `n` POSTs to `path` have been received, handled or not.
    pub async fn posts_received(&self, path: &str, n: usize) {
        let mut seen = self.gate.subscribe();
        while self.posts(path) < n {
            let _ = seen.changed().await;
        }
    }
}

pub async fn serve(handler: impl Fn(&Seen) -> Response<Body> + Send + Sync + 'static) -> Server {
    let handler: Handler = Arc::new(handler);
    let seen = Arc::new(Mutex::new(vec![]));
    let log = seen.clone();
    let gate = tokio::sync::watch::Sender::new(true);
    let opened = gate.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, body: Bytes| {
        let (handler, log, opened) = (handler.clone(), log.clone(), opened.clone());
        async move {
            let post = method == Method::POST;
            let request = Seen { method, path: uri.path().to_string(), body: String::from_utf8_lossy(&body).into() };
            log.lock().unwrap().push(request.clone());
            if post {
                // Wakes `posts_received`, then waits while the gate is closed.
                opened.send_modify(|_| {});
                let _ = opened.subscribe().wait_for(|open| *open).await;
            }
            handler(&request)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server { url, seen, gate }
}

pub fn respond(status: u16, body: serde_json::Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub fn redirect(status: u16, to: &str) -> Response<Body> {
    Response::builder().status(status).header("location", to).body(Body::empty()).unwrap()
}

pub fn ok(content: serde_json::Value) -> Response<Body> {
    respond(200, json!({"err": false, "success": true, "content": content}))
}

pub const ASSET: u64 = 7_000_001;
pub const JWT: &str = "hostile-test-jwt-0123456789";

/// A Mannco account holding one hat, with what it is listed at (None: unlisted).
#[derive(Default)]
pub struct Account {
    pub listed: Option<i64>,
    /// Lists read after the price call come back empty.
    pub empty_after_post: bool,
    pub posted: bool,
    pub balance: i64,
}

pub fn account_lists(account: &Account, path: &str) -> Option<Response<Body>> {
    let row = |state: u8, price: Option<i64>| {
        json!({"ids": ASSET.to_string(), "count": 1, "item_id": 3780, "game": 440, "state": state,
               "price": price, "name": "Team Captain", "type": "Hat"})
    };
    let hide = account.empty_after_post && account.posted;
    match path {
        "/inventory/onSale" => {
            let items: Vec<_> = account.listed.filter(|_| !hide).map(|p| row(1, Some(p))).into_iter().collect();
            Some(ok(json!({"items": items, "count": items.len()})))
        }
        "/inventory/onInventory" => {
            let items: Vec<_> = if hide || account.listed.is_some() { vec![] } else { vec![row(0, None)] };
            Some(ok(json!({"items": items, "count": items.len()})))
        }
        "/user/balance" => Some(ok(json!({"balance": account.balance}))),
        "/item/pricing/bulk" => Some(ok(json!({"total_items": 1, "cached_items": 0, "refreshed_items": 1, "items": [
            {"item_id": 3780, "from_cache": false, "last_updated": "2026-07-01 11:59:59", "pricing": {
                "lowest_sale_price": 160, "lowest_buy_order": null, "steam_price": 170, "suggested_price": 155,
                "last_sale": null}}]}))),
        _ => None,
    }
}

/// A market whose price endpoint answers with `answer` after (optionally) applying the price.
pub async fn mannco_market(
    account: Account,
    applies: bool,
    answer: fn() -> Response<Body>,
) -> (Server, Arc<Mutex<Account>>) {
    let account = Arc::new(Mutex::new(account));
    let state = account.clone();
    let server = serve(move |r| {
        let mut a = state.lock().unwrap();
        if r.method == Method::POST && r.path == "/inventory/price" {
            a.posted = true;
            if applies {
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                a.listed = body["price"].as_i64();
            }
            return answer();
        }
        account_lists(&a, &r.path).unwrap_or_else(|| respond(404, json!({"err": true, "success": false})))
    })
    .await;
    (server, account)
}

pub fn mannco(server: &Server) -> ManncoClient {
    ManncoClient::new(tradedeck::api::http_client(), &server.url, Some(Secret::new(JWT)), None)
        .with_retry_policy(RetryPolicy::FAST)
}

/// The real binary against a hostile Mannco: output, secrets and exit codes.
pub async fn tradedeck(server: &Server, home: &std::path::Path, args: &[&str], stdout: Stdio) -> std::process::Output {
    let mut command = tradedeck_at(server, home, args);
    command.env("RUST_LOG", "trace").stdout(stdout).output().await.unwrap()
}

/// The command itself, for tests that start it and act while it runs: stdout and stderr
/// piped, nothing on stdin.
pub fn tradedeck_at(server: &Server, home: &std::path::Path, args: &[&str]) -> tokio::process::Command {
    let mut command = super::tradedeck_in(home);
    command
        .args(args)
        .env("MANNCO_API_URL", &server.url)
        .env("MANNCO_TOKEN", JWT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}
