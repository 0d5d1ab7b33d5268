"""The 问答 tab: a chat over ``AskService`` with example questions (a tap asks them) and citations that
open the clause. The user's text is shown as plain text; the answer's first line is scrolled into view
(chat/assets/app.js)."""

from __future__ import annotations

from typing import Any

from chat.render import answer_html, plain_text
from chat.texts import msg, msgs
from kb.answer import MAX_QUESTION_CHARS, AskService, Turn


def example_questions() -> list[str]:
    return msgs("app.qa.examples")


def respond(
    service: AskService, message: str, history: list[dict[str, Any]] | None, turn: Turn | None
) -> tuple[str, list[dict[str, Any]], Turn | None]:
    """One chat turn: the cleared textbox, the updated history, the turn a follow-up refers to."""
    history = list(history or [])
    answer = service.ask(message or "", turn)
    shown = (message or "").strip()[:MAX_QUESTION_CHARS] or msg("app.qa.empty")
    history.append({"role": "user", "content": plain_text(shown)})
    history.append({"role": "assistant", "content": answer_html(answer, service.lexicon)})
    return "", history, (answer.turn if answer.answered else turn)


def build_qa_tab(service: AskService) -> None:
    import gradio as gr

    gr.Markdown(msg("app.qa.intro", count=len(service.lexicon.documents)))
    chatbot = gr.Chatbot(
        label=msg("app.qa.chat_label"),
        height="70vh",
        min_height=320,
        autoscroll=False,  # app.js scrolls to the start of the new answer instead of the end of the chat
        elem_id="qa-chat",
        feedback_options=None,
        latex_delimiters=[],
        sanitize_html=True,
    )
    turn = gr.State(None)
    with gr.Row():
        box = gr.Textbox(
            label=msg("app.qa.input_label"),
            placeholder=msg("app.qa.placeholder", limit=MAX_QUESTION_CHARS),
            max_length=MAX_QUESTION_CHARS,
            scale=5,
            min_width=200,
            elem_id="qa-input",
        )
        send = gr.Button(msg("app.qa.send"), variant="primary", scale=1, min_width=80, elem_id="qa-send")
    clear = gr.Button(msg("app.qa.clear"), size="sm")
    examples = gr.Examples(example_questions(), inputs=box, label=msg("app.qa.examples_label"), elem_id="qa-examples")

    def on_send(message: str, history: list[dict[str, Any]], state: Turn | None) -> tuple:
        return respond(service, message, history, state)

    chat_io = ([box, chatbot, turn], [box, chatbot, turn])
    box.submit(on_send, *chat_io, api_name="chat")
    send.click(on_send, *chat_io, api_visibility="private")
    examples.load_input_event.then(on_send, *chat_io, api_visibility="private")  # a tapped example is asked
    clear.click(lambda: ([], None), None, [chatbot, turn], api_visibility="private")
