"""Report sections of the journey: touchpoint table, journey map, blueprint, personas."""
