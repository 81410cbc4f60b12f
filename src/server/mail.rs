//! Outgoing mail. With a mail server configured (`smtp_url`), messages go out
//! over SMTP (lettre); without one (the embedded default) they are kept in the
//! `outbox` table for admins to read, so a demo needs no set-up. Either way
//! they are sent from the job queue, never inside a request.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use super::config::Config;
use super::db::Db;

/// A message to send (plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body_text: String,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Outbox,
}

impl Mailer {
    /// The mailer the configuration asks for.
    pub fn from_config(config: &Config) -> Result<Mailer, String> {
        let url = config.mail.smtp_url.expose_secret();
        if url.trim().is_empty() {
            return Ok(Mailer::Outbox);
        }
        let from: Mailbox = config
            .mail
            .from
            .parse()
            .map_err(|e| format!("mail_from is not a mailbox: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("smtp_url is not usable: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Mailer::Smtp { transport, from })
    }

    /// Delivers one message; the error says why it did not go.
    pub async fn deliver(&self, db: &Db, mail: &OutgoingMail) -> Result<(), String> {
        match self {
            Mailer::Outbox => {
                super::jobs::add_to_outbox(db, &mail.to, &mail.subject, &mail.body_text)
                    .await
                    .map_err(|e| format!("outbox: {e}"))
            }
            Mailer::Smtp { transport, from } => {
                let to: Mailbox = mail.to.parse().map_err(|e| format!("bad recipient: {e}"))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .body(mail.body_text.clone())
                    .map_err(|e| format!("cannot build the message: {e}"))?;
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("smtp: {e}"))
            }
        }
    }
}
