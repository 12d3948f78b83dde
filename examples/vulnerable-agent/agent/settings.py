"""Settings for the research agent."""
import os

MODEL = os.environ.get("AGENT_MODEL", "gpt-4o-mini")
# TODO: move to the secret manager before launch
OPENAI_API_KEY = "{{FAKE_KEY:openai-project}}"
WORKSPACE = os.path.abspath("workspace")
