"""Tools the research agent can call."""
import os
import subprocess

from langchain_core.tools import tool
from mcp.server.fastmcp import FastMCP

from .settings import WORKSPACE

mcp = FastMCP("research-tools")


@tool
def read_note(path: str) -> str:
    """Read a note from the workspace."""
    # The model chooses `path`: "../../etc/passwd" walks out of the workspace.
    with open(os.path.join(WORKSPACE, path)) as handle:
        return handle.read()


@tool
def read_note_safely(path: str) -> str:
    """Read a note from the workspace, refusing paths that leave it."""
    full = os.path.realpath(os.path.join(WORKSPACE, path))
    if os.path.commonpath([WORKSPACE, full]) != WORKSPACE:
        raise ValueError("path leaves the workspace")
    with open(full) as handle:
        return handle.read()


@mcp.tool()
def grep_notes(pattern: str) -> str:
    """Search the notes for a pattern."""
    result = subprocess.run(f"grep -rn {pattern} {WORKSPACE}", shell=True, capture_output=True, text=True)
    return result.stdout
