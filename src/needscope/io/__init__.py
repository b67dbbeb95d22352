"""File reading: encodings, streaming tables, cell parsers and column mapping."""

from needscope.io.encoding import detect_bytes_encoding, detect_encoding
from needscope.io.mapping import (
    CUSTOMER_FIELDS,
    ColumnMapping,
    detect_customer_mapping,
    detect_mapping,
    load_mapping_file,
    validate_mapping,
)
from needscope.io.tables import (
    ReadError,
    SourceRow,
    TableSource,
    cell_text,
    clean_header,
    open_table,
)
from needscope.io.values import MISSING_MARKERS, is_number, parse_datetime, parse_number

__all__ = [
    "CUSTOMER_FIELDS",
    "MISSING_MARKERS",
    "ColumnMapping",
    "ReadError",
    "SourceRow",
    "TableSource",
    "cell_text",
    "clean_header",
    "detect_bytes_encoding",
    "detect_customer_mapping",
    "detect_encoding",
    "detect_mapping",
    "is_number",
    "load_mapping_file",
    "open_table",
    "parse_datetime",
    "parse_number",
    "validate_mapping",
]
