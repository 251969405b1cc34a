//! Lines and columns of byte offsets: the one [`LineIndex`] of the project, shared with the
//! labs (it lives in `devops_tutor_lab::text`, which this crate depends on).

pub use devops_tutor_lab::text::{LineIndex, floor_char_boundary, line_of, position};
