mod cache;
mod card;
mod ciso;
mod fsio;
mod history;
mod referential;
mod workflow;
