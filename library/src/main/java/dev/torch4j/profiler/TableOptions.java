package dev.torch4j.profiler;

/**
 * The arguments of {@code EventList.table(...)}: {@code sort_by} (null keeps the list's order), {@code row_limit}
 * (-1: all), {@code header}, {@code top_level_events_only}, {@code max_name_column_width},
 * {@code max_shapes_column_width}, {@code max_src_column_width}; PyTorch's defaults from {@link #defaults()}.
 */
public record TableOptions(String sortBy, int rowLimit, String header, boolean topLevelEventsOnly,
                           int maxNameColumnWidth, int maxShapesColumnWidth, int maxSrcColumnWidth) {

    /** PyTorch's defaults: unsorted, 100 rows, no header, every event, names up to 55 columns, shapes up to 80. */
    public static TableOptions defaults() { return new TableOptions(null, 100, null, false, 55, 80, 75); }

    /** With {@code sort_by}. */
    public TableOptions sortBy(String v) { return new TableOptions(v, rowLimit, header, topLevelEventsOnly, maxNameColumnWidth, maxShapesColumnWidth, maxSrcColumnWidth); }

    /** With {@code row_limit} (-1: every row). */
    public TableOptions rowLimit(int v) { return new TableOptions(sortBy, v, header, topLevelEventsOnly, maxNameColumnWidth, maxShapesColumnWidth, maxSrcColumnWidth); }

    /** With a header line above the table. */
    public TableOptions header(String v) { return new TableOptions(sortBy, rowLimit, v, topLevelEventsOnly, maxNameColumnWidth, maxShapesColumnWidth, maxSrcColumnWidth); }

    /** With only the events that have no parent. */
    public TableOptions topLevelEventsOnly(boolean v) { return new TableOptions(sortBy, rowLimit, header, v, maxNameColumnWidth, maxShapesColumnWidth, maxSrcColumnWidth); }

    /** With {@code max_name_column_width}. */
    public TableOptions maxNameColumnWidth(int v) { return new TableOptions(sortBy, rowLimit, header, topLevelEventsOnly, v, maxShapesColumnWidth, maxSrcColumnWidth); }

    /** With {@code max_shapes_column_width}. */
    public TableOptions maxShapesColumnWidth(int v) { return new TableOptions(sortBy, rowLimit, header, topLevelEventsOnly, maxNameColumnWidth, v, maxSrcColumnWidth); }

    /** With {@code max_src_column_width}. */
    public TableOptions maxSrcColumnWidth(int v) {
        return new TableOptions(sortBy, rowLimit, header, topLevelEventsOnly, maxNameColumnWidth, maxShapesColumnWidth, v);
    }
}
