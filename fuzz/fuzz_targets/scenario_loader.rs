//! Fuzzes the scenario loader and validator: any bytes, read as a scenario
//! file, must give a validated scenario or located input errors, never a
//! panic, an abort or a hang; and an accepted one has a usable run size.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match agroshift::scenario::open_inline("fuzz.toml", text) {
        Ok(scenario) => {
            let _ = scenario.size_problem();
            assert!(scenario.simulation.scale > 0.0 && scenario.simulation.scale <= 1.0);
            let _ = agroshift::output::results::milestone_years(
                scenario.simulation.base_year,
                scenario.simulation.years as usize,
            );
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a refusal says why");
            for e in &errors.0 {
                assert!(!e.message.is_empty());
            }
        }
    }
});
