mod check_table;
