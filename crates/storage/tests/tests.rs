mod cache;
mod card;
mod ciso;
mod fsio;
mod history;
mod portfolio;
mod referential;
mod workflow;
