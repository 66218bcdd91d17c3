pub mod chain_diagram;
