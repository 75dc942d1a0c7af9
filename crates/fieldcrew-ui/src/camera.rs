//! Taking a photo, behind a trait. In the app a file input is created from
//! JS outside the Dioxus tree (a Dioxus-rendered file input does nothing on
//! Android/iOS): `capture=environment` opens the camera on a phone and a file
//! chooser on desktop. Tests use a fixed photo.

use base64::Engine;
use std::future::Future;
use std::pin::Pin;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CameraError {
    Cancelled,
    Failed(String),
}

pub type PhotoFuture = Pin<Box<dyn Future<Output = Result<Vec<u8>, CameraError>>>>;

pub trait Camera {
    /// The bytes of one photo as the camera (or file) gave them.
    fn take_photo(&self) -> PhotoFuture;
}

#[derive(Clone, Copy, Debug, Default)]
pub struct WebviewCamera;

/// The input removes itself in its own handlers, so a later photo never
/// lands on a stale input.
const CAMERA_JS: &str = r#"
try {
  return await new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.setAttribute('capture', 'environment');
    input.id = 'fieldcrew-camera-input';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      input.remove();
      if (!file) { resolve({ error: 'cancelled' }); return; }
      const reader = new FileReader();
      reader.onload = () => resolve({ data: String(reader.result).split(',')[1] || '' });
      reader.onerror = () => resolve({ error: String(reader.error) });
      reader.readAsDataURL(file);
    });
    input.addEventListener('cancel', () => { input.remove(); resolve({ error: 'cancelled' }); });
    document.body.appendChild(input);
    input.click();
  });
} catch (e) { return { error: String(e) }; }
"#;

#[derive(serde::Deserialize)]
struct JsPhoto {
    data: Option<String>,
    error: Option<String>,
}

impl Camera for WebviewCamera {
    fn take_photo(&self) -> PhotoFuture {
        Box::pin(async {
            let answer = dioxus::document::eval(CAMERA_JS)
                .join::<JsPhoto>()
                .await
                .map_err(|e| CameraError::Failed(e.to_string()))?;
            match answer {
                JsPhoto { data: Some(data), .. } => base64::engine::general_purpose::STANDARD
                    .decode(data)
                    .map_err(|e| CameraError::Failed(e.to_string())),
                JsPhoto { error: Some(e), .. } if e == "cancelled" => Err(CameraError::Cancelled),
                JsPhoto { error, .. } => Err(CameraError::Failed(error.unwrap_or_default())),
            }
        })
    }
}

/// Always gives the same photo (or error): tests.
#[derive(Clone, Debug)]
pub struct FixedCamera(pub Result<Vec<u8>, CameraError>);

impl Camera for FixedCamera {
    fn take_photo(&self) -> PhotoFuture {
        let answer = self.0.clone();
        Box::pin(async move { answer })
    }
}
