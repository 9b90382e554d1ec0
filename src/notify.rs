//! Notifications to a webhook (Discord-compatible: `POST {"content": …}`): a listing sold, a
//! re-pricing run failed or left outcomes unknown. Sent in the background with a timeout and
//! a few retries, so they never hold up trading; the text names items and money, never a
//! credential, and is redacted once more before it leaves.

use crate::secret::Secret;
use std::time::Duration;

/// One try may take this long.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Tries per message.
const ATTEMPTS: u32 = 4;

#[derive(Clone, Debug)]
pub struct Notifier {
    http: reqwest::Client,
    url: Secret,
}

impl Notifier {
    pub fn new(url: Secret) -> Self {
        Notifier { http: crate::api::http_client(), url }
    }

    /// Sends `content` in the background; the handle says when it is delivered or given up.
    pub fn send(&self, content: String) -> tokio::task::JoinHandle<bool> {
        let (http, url) = (self.http.clone(), self.url.clone());
        let content = crate::sanitize::redact(&content).into_owned();
        tokio::spawn(async move { deliver(&http, &url, &content).await })
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
        assert!(notifier.send("Sold 1 × @everyone <@&123> hat".into()).await.unwrap());
        let body = rx.recv().await.unwrap();
        assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
        let content = body["content"].as_str().unwrap();
        assert!(!content.contains("@everyone") && !content.contains("<@&"), "{content}");
    }
}
