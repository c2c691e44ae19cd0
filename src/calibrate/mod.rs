//! `calibrate`: fit a scenario's behaviour (or any continuous setting) to
//! a province's own record: the observed file (`observed`), the settings
//! fitted and their bounds (`setting`), the bounded Levenberg–Marquardt
//! solver (`solver`) and the fit itself (`fit`).

pub mod fit;
pub mod observed;
pub mod setting;
pub mod solver;
