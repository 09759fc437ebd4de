//! Quote lexer.
