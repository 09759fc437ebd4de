//! Attribution: classifies each quoted span and finds who said it.
pub mod date;
