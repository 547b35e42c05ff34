"""Demo data for Kabupaten Bangka Tengah; see ``loader.demo_load`` and ``data``."""
