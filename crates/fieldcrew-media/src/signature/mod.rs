//! Customer signatures: the strokes as drawn, a deterministic PNG of them,
//! and a record binding both to the content the customer signed for.

mod record;
mod render;
mod strokes;

pub use record::{RenderedSignature, SIGNATURE_MIME, SignatureRecord, sign, verify};
pub use render::render_png;
pub use strokes::{Stroke, StrokePoint, strokes_sha256};
