mod sovereignty;
