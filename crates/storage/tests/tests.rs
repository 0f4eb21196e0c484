mod card;
mod fsio;
mod history;
mod referential;
mod workflow;
