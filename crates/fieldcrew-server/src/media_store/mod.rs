//! Where finished media files live, named by their sha256: a folder on
//! this machine (the default, `data_dir/media`, the layout every data dir
//! already has) or an S3-compatible bucket, chosen by `media_url`. Both are
//! `object_store` stores; everything that reads a finished file (the
//! console, the dispatcher API, upload recovery) comes through here.
//!
//! Partial tus uploads are not here: they stay in `data_dir/uploads`,
//! on the local disk of the server that received them, until the whole
//! file checks out and is put here by its hash.

mod error;
mod location;
mod settings;

pub use error::MediaStoreError;
pub use location::{Location, parse};
pub use settings::S3Settings;

use axum::body::Bytes;
use fieldcrew_domain::hash::is_sha256_hex;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A phone waits on the finishing PATCH while the file is put: a store that
/// does not answer fails it within seconds (503, the part file kept, the
/// phone tries again) instead of holding it for object_store's default
/// three minutes of retries.
const RETRIES: usize = 2;
const RETRY_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// One request, a 16 MiB put at most (`max_upload_bytes`' default).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The object `check` writes: never a sha256, so never taken for a file.
pub const CHECK_OBJECT: &str = "fieldcrew-check";

#[derive(Clone)]
pub struct MediaStore {
    objects: Arc<dyn ObjectStore>,
    /// The folder of a folder store: `LocalFileSystem` does not fsync, and a
    /// file recorded complete must survive a power cut.
    folder: Option<PathBuf>,
    described: String,
}

impl MediaStore {
    /// The store `settings.media_url` names. A folder is created if missing;
    /// an S3 store is not contacted until used, so a store that is down
    /// does not keep the server (and the phones' events) from starting.
    pub fn open(settings: &crate::Settings) -> Result<Self, String> {
        match parse(&settings.media_url, &settings.data_dir)? {
            Location::Folder(folder) => Self::folder(&folder),
            Location::S3 { bucket, prefix } => Self::s3(&bucket, &prefix, &settings.media_s3),
        }
    }

    fn folder(folder: &std::path::Path) -> Result<Self, String> {
        let failed = |e: &dyn std::fmt::Display| format!("media folder {}: {e}", folder.display());
        std::fs::create_dir_all(folder).map_err(|e| failed(&e))?;
        let local = LocalFileSystem::new_with_prefix(folder).map_err(|e| failed(&e))?;
        let folder = std::fs::canonicalize(folder).map_err(|e| failed(&e))?;
        Ok(Self {
            objects: Arc::new(local),
            described: format!("folder {}", folder.display()),
            folder: Some(folder),
        })
    }

    fn s3(bucket: &str, prefix: &str, s3: &S3Settings) -> Result<Self, String> {
        use object_store::aws::AmazonS3Builder;
        use object_store::{BackoffConfig, ClientOptions, RetryConfig};
        if s3.endpoint.starts_with("http://") && !s3.allow_http {
            return Err(format!(
                "media_s3.endpoint `{}` is plain http: set media_s3.allow_http = true \
                 (FIELDCREW_MEDIA_S3__ALLOW_HTTP=true) for a store on this host or a private network",
                s3.endpoint
            ));
        }
        let (key, secret) = (s3.access_key_id.trim(), s3.secret_access_key.trim());
        if key.is_empty() != secret.is_empty() {
            return Err("media_s3: set both access_key_id and secret_access_key, or neither".into());
        }
        let retry = RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: RETRIES,
            retry_timeout: RETRY_TIMEOUT,
        };
        let client = ClientOptions::new().with_connect_timeout(CONNECT_TIMEOUT).with_timeout(REQUEST_TIMEOUT);
        // Client options first: allow_http is one of them, and setting the
        // options after would drop it.
        let mut builder = AmazonS3Builder::new()
            .with_client_options(client)
            .with_allow_http(s3.allow_http)
            .with_bucket_name(bucket)
            .with_region(&s3.region)
            .with_retry(retry);
        if !s3.endpoint.is_empty() {
            builder = builder.with_endpoint(&s3.endpoint);
        }
        // Without keys, unsigned: never a lookup of instance credentials.
        builder = if key.is_empty() {
            builder.with_skip_signature(true)
        } else {
            builder.with_access_key_id(key).with_secret_access_key(secret)
        };
        let store = builder.build().map_err(|e| format!("media_url s3://{bucket}: {e}"))?;
        let objects: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
        };
        let at = if s3.endpoint.is_empty() { String::new() } else { format!(" at {}", s3.endpoint) };
        let under = if prefix.is_empty() { String::new() } else { format!("/{prefix}") };
        Ok(Self { objects, folder: None, described: format!("s3://{bucket}{under}{at}") })
    }

    /// Where the files go, for the log at start.
    pub fn describe(&self) -> &str {
        &self.described
    }

    /// Stores `bytes` under their `sha256`. Named by content, so putting
    /// a file that is already there rewrites the same bytes.
    pub async fn put(&self, sha256: &str, bytes: Vec<u8>) -> Result<(), MediaStoreError> {
        let path = name(sha256).ok_or_else(|| MediaStoreError::Failed(format!("`{sha256}` is no sha256")))?;
        self.objects.put(&path, PutPayload::from(bytes)).await.map_err(|e| self.error(e))?;
        if let Some(folder) = self.folder.clone() {
            let file = folder.join(sha256);
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                std::fs::File::open(&file)?.sync_all()?;
                // The rename that put it there, too.
                std::fs::File::open(&folder)?.sync_all()
            })
            .await
            .map_err(|e| MediaStoreError::Failed(e.to_string()))??;
        }
        Ok(())
    }

    /// The file stored under `sha256`; `None` when there is none.
    pub async fn get(&self, sha256: &str) -> Result<Option<Bytes>, MediaStoreError> {
        let Some(path) = name(sha256) else { return Ok(None) };
        let found = match self.objects.get(&path).await {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(self.error(e)),
        };
        found.bytes().await.map(Some).map_err(|e| self.error(e))
    }

    /// Whether a remote store answers and takes the server's writes: a
    /// small object, `fieldcrew-check`, put beside the files (a missing
    /// bucket, refused keys and a store that is down each fail it their
    /// own way). For the log at start, so a wrong setting shows before the
    /// first photo meets it. A folder was made or found at `open`.
    pub async fn check(&self) -> Result<(), MediaStoreError> {
        if self.folder.is_some() {
            return Ok(());
        }
        let probe = ObjectPath::from(CHECK_OBJECT);
        self.objects
            .put(&probe, PutPayload::from_static(b"fieldcrew media store check\n"))
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Sorted for the caller, who logs it (once) with what it was doing.
    fn error(&self, error: object_store::Error) -> MediaStoreError {
        MediaStoreError::of(error, self.folder.is_none())
    }
}

/// The object name of a file: its sha256 in lowercase hex, nothing else
/// (so no stored name can reach outside the store).
fn name(sha256: &str) -> Option<ObjectPath> {
    is_sha256_hex(sha256).then(|| ObjectPath::from(sha256))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(media_url: &str, s3: S3Settings) -> Result<MediaStore, String> {
        let data = tempfile::tempdir().unwrap();
        let settings = crate::Settings {
            data_dir: data.path().into(),
            media_url: media_url.into(),
            media_s3: s3,
            ..crate::Settings::default()
        };
        MediaStore::open(&settings)
    }

    #[test]
    fn settings_that_can_not_work_stop_the_server_at_start_saying_which() {
        let http = S3Settings { endpoint: "http://127.0.0.1:8333".into(), ..S3Settings::default() };
        let error = opened("s3://fieldcrew-media", http.clone()).err().unwrap();
        assert!(error.contains("allow_http"), "{error}");
        let half_keys = S3Settings { access_key_id: "fc".into(), allow_http: true, ..http };
        let error = opened("s3://fieldcrew-media", half_keys).err().unwrap();
        assert!(error.contains("both access_key_id and secret_access_key"), "{error}");
        assert!(opened("gs://fieldcrew-media", S3Settings::default()).err().unwrap().contains("s3://bucket"));
    }

    #[test]
    fn an_s3_store_opens_without_reaching_the_store_and_says_where_it_is() {
        // Nothing listens there: opening must not need the store up.
        let s3 =
            S3Settings { endpoint: "http://127.0.0.1:9".into(), allow_http: true, ..S3Settings::default() };
        let store = opened("s3://fieldcrew-media/station-7", s3).unwrap();
        assert_eq!(store.describe(), "s3://fieldcrew-media/station-7 at http://127.0.0.1:9");
    }

    #[tokio::test]
    async fn a_folder_store_keeps_a_file_by_its_hash_and_finds_nothing_under_other_names() {
        let store = opened("", S3Settings::default()).unwrap();
        let bytes = b"a photo".to_vec();
        let sha = fieldcrew_domain::hash::sha256_hex(&bytes);
        assert_eq!(store.get(&sha).await.unwrap(), None);
        store.put(&sha, bytes.clone()).await.unwrap();
        store.put(&sha, bytes.clone()).await.unwrap(); // the same content again: harmless
        assert_eq!(store.get(&sha).await.unwrap().as_deref(), Some(&bytes[..]));
        assert_eq!(store.get("../server.sqlite3").await.unwrap(), None, "only sha256 names");
        assert!(matches!(store.put("x", bytes).await, Err(MediaStoreError::Failed(_))));
        store.check().await.unwrap();
    }
}
