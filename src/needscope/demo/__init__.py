"""Demo project generator: a restaurant chain's raw customer material, bilingual and seeded."""

from needscope.demo.config import DEFAULT_SEED, GENERATOR_VERSION, NIGHT_HOURS
from needscope.demo.generator import DemoManifest, demo_exists, generate_demo, load_manifest

__all__ = [
    "DEFAULT_SEED",
    "GENERATOR_VERSION",
    "NIGHT_HOURS",
    "DemoManifest",
    "demo_exists",
    "generate_demo",
    "load_manifest",
]
