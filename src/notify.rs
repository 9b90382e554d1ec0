//! Notifications to a webhook (Discord-compatible: `POST {"content": …}`): a listing sold, a
//! re-pricing run failed or left outcomes unknown. Sent in the background with a timeout and
//! a few retries, so they never hold up trading; the text names items and money, never a
//! credential, and is redacted once more before it leaves.

use crate::secret::Secret;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One try may take this long.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Tries per message.
const ATTEMPTS: u32 = 4;
/// All tries of one message together: a webhook that never answers costs this much at most.
const TOTAL: Duration = Duration::from_secs(20);
/// What notifications still on their way may add to the end of a command or of the app.
pub const EXIT_BUDGET: Duration = Duration::from_secs(2);

#[derive(Clone, Debug)]
pub struct Notifier {
    http: reqwest::Client,
    url: Secret,
    /// Deliveries still on their way, shared by every clone.
    pending: Arc<Mutex<Vec<tokio::task::JoinHandle<bool>>>>,
}

impl Notifier {
    pub fn new(url: Secret) -> Self {
        Notifier { http: crate::api::http_client(), url, pending: Arc::default() }
    }

    /// Sends `content` in the background, within its total budget.
    pub fn send(&self, content: String) {
        let (http, url) = (self.http.clone(), self.url.clone());
        let content = crate::sanitize::redact(&content).into_owned();
        let delivery = tokio::spawn(async move {
            let sent = tokio::time::timeout(TOTAL, deliver(&http, &url, &content)).await;
            sent.unwrap_or_else(|_| {
                tracing::warn!("the notification webhook took over {} s in all: given up", TOTAL.as_secs());
                false
            })
        });
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.retain(|d| !d.is_finished());
        pending.push(delivery);
    }

    /// At exit: waits up to `EXIT_BUDGET` for what is still on its way, then drops the rest
    /// (logged). Returns whether everything was delivered.
    pub async fn finish(&self) -> bool {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let aborts: Vec<_> = pending.iter().map(|d| d.abort_handle()).collect();
        match tokio::time::timeout(EXIT_BUDGET, futures::future::join_all(pending)).await {
            Ok(results) => results.into_iter().all(|r| r.unwrap_or(false)),
            Err(_) => {
                aborts.iter().for_each(|a| a.abort());
                tracing::warn!("notifications not delivered within {} s of the end: dropped", EXIT_BUDGET.as_secs());
                false
            }
        }
    }
}

/// Tries up to `ATTEMPTS` times, waiting 1, 2, 4 s between (or what a 429 asks, up to 30 s).
async fn deliver(http: &reqwest::Client, url: &Secret, content: &str) -> bool {
    // The market's text cannot ping a channel: mentions are escaped and none are allowed.
    let content = content.replace('@', "@\u{200b}");
    let body = serde_json::json!({ "content": content, "allowed_mentions": { "parse": [] } });
    for attempt in 1..=ATTEMPTS {
        let sent = http.post(url.expose()).json(&body).timeout(TIMEOUT).send().await;
        let wait = match sent {
            Ok(response) if response.status().is_success() => return true,
            Ok(response) => {
                let status = response.status().as_u16();
                tracing::warn!(status, attempt, "the notification webhook refused the message");
                if (400..500).contains(&status) && status != 429 {
                    // A wrong URL or a refused message: trying again changes nothing.
                    return false;
                }
                crate::api::retry_after(response.headers()).map(|d| d.min(Duration::from_secs(30)))
            }
            Err(e) => {
                tracing::warn!(
                    attempt,
                    "the notification webhook could not be reached: {}",
                    crate::api::describe_transport_error(e)
                );
                None
            }
        };
        if attempt < ATTEMPTS {
            tokio::time::sleep(wait.unwrap_or(Duration::from_secs(1 << (attempt - 1)))).await;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_market_text_cannot_ping_a_channel() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |axum::Json(body): axum::Json<serde_json::Value>| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send(body);
                    axum::http::StatusCode::NO_CONTENT
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let notifier = Notifier::new(Secret::new(url));
        notifier.send("Sold 1 × @everyone <@&123> hat".into());
        assert!(notifier.finish().await, "delivered");
        let body = rx.recv().await.unwrap();
        assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
        let content = body["content"].as_str().unwrap();
        assert!(!content.contains("@everyone") && !content.contains("<@&"), "{content}");
    }

    /// A webhook that takes the connection and never answers holds the end 2 s at most.
    #[tokio::test(start_paused = true)]
    async fn a_webhook_that_never_answers_is_dropped_at_the_end() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let (accepted_tx, mut accepted) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut held = vec![];
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
                let _ = accepted_tx.send(());
            }
        });
        let notifier = Notifier::new(Secret::new(url));
        notifier.send("Sold 1 × Team Captain".into());
        accepted.recv().await.expect("the webhook is reached");
        let started = tokio::time::Instant::now();
        assert!(!notifier.finish().await, "not delivered");
        assert_eq!(started.elapsed(), EXIT_BUDGET, "the end waits exactly the budget, no more");
    }
}
