"""Question answering over the graph, the entitlement rules and the search (no LLM): understanding a
question (entity linking, intent), composing a short Chinese answer with quoted clauses, follow-ups.

    from kb.answer import AskService
    service = AskService.open()
    answer = service.ask("护林员搬迁后还能继续当吗？")
    answer.to_json()  # {"question", "answered", "intent", "answer", "departments", "citations"}
    service.ask("那市县呢？", previous=answer.turn)
"""

from kb.answer.result import Answer, Citation, Turn
from kb.answer.service import AskService
from kb.answer.understand import MAX_QUESTION_CHARS, QuestionError, clean_question

__all__ = ["MAX_QUESTION_CHARS", "Answer", "AskService", "Citation", "QuestionError", "Turn", "clean_question"]
