from lineage.selectors import statements_for_table


def lineage_tab_context(request, table):
    return {"lineage_statements": statements_for_table(table)}
