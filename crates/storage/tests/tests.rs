mod card;
mod fsio;
mod history;
