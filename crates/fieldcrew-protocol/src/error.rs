//! The one error body every failed request answers with.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `unauthorized`, `body_too_large`.
    pub error: String,
    /// What went wrong, for a person.
    pub message: String,
}
