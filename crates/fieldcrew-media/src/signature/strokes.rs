//! Strokes as captured on the signing pad, in pad-independent coordinates,
//! and their canonical hash.

use fieldcrew_domain::hash::sha256_hex;
use serde::{Deserialize, Serialize};

/// One sample of the pen. `x` and `y` are normalised to the pad: 0..1 from
/// the left and top edges, so the same signature hashes alike on any screen.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StrokePoint {
    pub x: f32,
    pub y: f32,
    /// Milliseconds since the signature started.
    pub t_ms: u32,
    /// 0..1 where the screen reports pressure.
    pub pressure: Option<f32>,
}

impl StrokePoint {
    /// A point from pad pixel coordinates, normalised by the pad's size.
    /// Clamped to the pad, since a finger may slide past its edge.
    pub fn from_pad(
        x_px: f32,
        y_px: f32,
        pad_width_px: f32,
        pad_height_px: f32,
        t_ms: u32,
        pressure: Option<f32>,
    ) -> Self {
        let normalise = |v: f32, size: f32| if size > 0.0 { (v / size).clamp(0.0, 1.0) } else { 0.0 };
        StrokePoint { x: normalise(x_px, pad_width_px), y: normalise(y_px, pad_height_px), t_ms, pressure }
    }
}

/// One pen-down-to-pen-up movement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    pub points: Vec<StrokePoint>,
}

/// SHA-256 of the strokes' canonical form: compact JSON,
/// `[{"points":[{"x":…,"y":…,"t_ms":…,"pressure":…|null},…]},…]`, with
/// `f32` numbers printed shortest-round-trip. A server holding the same
/// values as `f32` reproduces it exactly.
pub fn strokes_sha256(strokes: &[Stroke]) -> String {
    sha256_hex(&serde_json::to_vec(strokes).expect("strokes always serialise"))
}
