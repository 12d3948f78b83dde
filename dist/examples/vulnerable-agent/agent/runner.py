"""Runs the research agent over a batch of questions."""
import asyncio

from langchain.agents import AgentExecutor

from .tools import read_note, grep_notes


def build_executor(agent):
    # Raised while debugging a long task and never put back.
    return AgentExecutor(agent=agent, tools=[read_note, grep_notes], max_iterations=None)


async def answer_all(executor, questions):
    # One agent run per question, all at once: 5,000 questions means 5,000 concurrent model calls.
    return await asyncio.gather(*[executor.ainvoke({"input": q}) for q in questions])
