//! What `media_url` names: a folder (the default, `data_dir/media`) or an
//! S3 bucket, optionally under a prefix.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Folder(PathBuf),
    S3 { bucket: String, prefix: String },
}

/// Reads `media_url`: empty for `data_dir/media`, a folder path (or
/// `file:///…`), or `s3://bucket` / `s3://bucket/prefix`.
pub fn parse(media_url: &str, data_dir: &Path) -> Result<Location, String> {
    let url = media_url.trim();
    if url.is_empty() {
        return Ok(Location::Folder(data_dir.join("media")));
    }
    if let Some(rest) = url.strip_prefix("s3://") {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if !valid_bucket(bucket) {
            return Err(format!(
                "media_url `{url}`: `{bucket}` is not a bucket name (3 to 63 of a-z, 0-9, '.' and '-')"
            ));
        }
        return Ok(Location::S3 { bucket: bucket.into(), prefix: prefix.trim_matches('/').into() });
    }
    if let Some(path) = url.strip_prefix("file://") {
        return Ok(Location::Folder(PathBuf::from(path)));
    }
    if url.contains("://") {
        return Err(format!("media_url `{url}`: use a folder path or s3://bucket"));
    }
    Ok(Location::Folder(PathBuf::from(url)))
}

fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && !name.starts_with(['.', '-'])
        && !name.ends_with(['.', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_url_keeps_media_in_the_data_dir_as_before() {
        let data = Path::new("/srv/fieldcrew");
        assert_eq!(parse("", data), Ok(Location::Folder(data.join("media"))));
        assert_eq!(parse("/mnt/photos", data), Ok(Location::Folder("/mnt/photos".into())));
        assert_eq!(parse("file:///mnt/photos", data), Ok(Location::Folder("/mnt/photos".into())));
    }

    #[test]
    fn an_s3_url_names_a_bucket_and_an_optional_prefix() {
        let data = Path::new("d");
        let bucket =
            |bucket: &str, prefix: &str| Location::S3 { bucket: bucket.into(), prefix: prefix.into() };
        assert_eq!(parse("s3://fieldcrew-media", data), Ok(bucket("fieldcrew-media", "")));
        assert_eq!(parse("s3://fieldcrew-media/", data), Ok(bucket("fieldcrew-media", "")));
        assert_eq!(parse("s3://fc1/station-7/photos/", data), Ok(bucket("fc1", "station-7/photos")));
    }

    #[test]
    fn other_schemes_and_bad_bucket_names_are_refused_with_the_reason() {
        let data = Path::new("d");
        assert!(parse("gs://bucket", data).unwrap_err().contains("s3://bucket"));
        assert!(parse("s3://", data).unwrap_err().contains("not a bucket name"));
        assert!(parse("s3://Photos", data).unwrap_err().contains("not a bucket name"));
        assert!(parse("s3://-x-", data).is_err());
    }
}
