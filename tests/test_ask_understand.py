"""Stage 2, *understand*, on synthetic text: cues claim their characters longest first, cue patterns keep the
asked action, statements after the last question are context, homophone typos are read as the documents'
words, a document frame yields when the question names something else."""

from __future__ import annotations

import pytest

from kb.answer.frame_cues import frames_of, strip_cues
from kb.answer.lexicon import Lexicon
from kb.answer.topic_words import asked_part, find_topics, topic_table, without_intro
from kb.answer.typos import fix_homophones
from kb.answer.understand import clean_question, understand
from kb.graph.store import GraphStore
from kb.model import Repository

pytestmark = pytest.mark.unit


def test_a_cue_crossing_a_longer_cue_is_dropped() -> None:
    frames, cues = frames_of("补贴还给不给了？")
    assert frames[0] == "keep" and "不给了" not in cues
    assert frames_of("什么时候出台？")[0][:2] == ("document", "period")  # a cue inside a longer one counts


def test_a_cue_pattern_keeps_the_asked_action() -> None:
    assert frames_of("旧房非拆不可？")[0][0] == "must"
    assert frames_of("不拆不行吗？")[0][0] == "must"
    stripped = strip_cues("能不能不拆？还是非拆不可？")
    assert [t.negated for t in find_topics(stripped, topic_table()) if t.written == "拆"] == [False]


def test_what_ways_or_measures_there_are_asks_for_a_list() -> None:
    frames, _ = frames_of("老人搬迁有什么安置办法？")
    assert frames[0] == "list"
    assert "安置" in strip_cues("老人搬迁有什么安置办法？")  # the words between the cue parts stay
    assert frames_of("就业有什么措施？")[0][0] == "list"
    assert frames_of("都是些什么岗位？")[0][0] == "list"


def test_whose_a_thing_is_is_no_who_question() -> None:
    assert "who" not in frames_of("拆旧复垦的地归谁？")[0]
    assert frames_of("拆旧复垦的地归谁？")[0][0] == "what"
    assert "who" not in frames_of("房子是谁的？")[0]
    assert frames_of("那吃水的事归谁？")[0][0] == "who"  # an affair: who is in charge
    assert frames_of("宅基地复垦归谁管？")[0][0] == "who"


def test_a_consequence_question_without_a_topic_asks_about_the_story() -> None:
    story = "隔壁那户人家分了房以后不住，把安置房偷偷租给外地打工的人住了。要是被查出来，会怎么处理？"
    assert "租" in asked_part(story, topic_table())
    own = "我们村里的人这几天都在说这个事，大家都很关心，也有不少人去乡里问过了。安置房租出去会怎么处理？"
    assert asked_part(own, topic_table()) == "安置房租出去会怎么处理？"  # a topic of its own: the last sentence


def test_giving_something_up_is_a_loss_question() -> None:
    assert frames_of("承包地必须交回吗？")[0][0] == "loss"


def test_statements_after_the_last_question_are_context() -> None:
    assert asked_part("旧房必须拆不？我想留着放东西。") == "旧房必须拆不？"
    assert asked_part("旧房必须拆不？多久拆。") == "旧房必须拆不？多久拆。"  # a cue: still asked


def test_a_homophone_typo_is_read_as_the_documents_word() -> None:
    from kb.search.bm25 import jieba_copy

    corpus = "承包地、林地保持不变。落实医保政策。"
    tokenizer = jieba_copy()
    assert fix_homophones("林第还有吗", corpus, tokenizer) == "林地还有吗"
    assert fix_homophones("医宝还管用不", corpus, tokenizer) == "医保还管用不"
    assert fix_homophones("林地还有吗", corpus, tokenizer) == "林地还有吗"  # written as the documents write it
    assert fix_homophones("树林的事", corpus, tokenizer) == "树林的事"  # 的 is in no sound group


def test_a_homophone_fix_never_breaks_a_correctly_written_word() -> None:
    from kb.search.bm25 import jieba_copy

    corpus = "政府富有担当。落实住房政策，各方面支持。"
    tokenizer = jieba_copy()
    assert fix_homophones("政府有补贴吗", corpus, tokenizer) == "政府有补贴吗"  # 府 is written right in 政府
    assert fix_homophones("住房面积多大", corpus, tokenizer) == "住房面积多大"  # 房 in 住房, not 方面
    assert fix_homophones("住方有补贴吗", corpus, tokenizer) == "住房有补贴吗"  # a typo still is one


def test_cues_sharing_characters_are_stripped_together() -> None:
    # 哪几 and 几个 share 几: both go, whatever the order equal-length cues are tried in (hash seed)
    assert strip_cues("包保紧盯哪几个率？").split() == ["包保紧盯", "率？"]


@pytest.fixture(scope="module")
def lexicon(store: GraphStore) -> Lexicon:
    return Lexicon(store)


def test_a_document_frame_yields_when_something_else_is_named(store: GraphStore, lexicon: Lexicon) -> None:
    table = topic_table(tuple(Repository(store).topics()))

    def frame(text: str) -> str:
        return understand(clean_question(text), lexicon, lexicon.corpus_text(), table=table).frame

    assert frame("实施意见是哪年印发的？") == "document"
    assert frame("实施意见的文号是什么？") == "document"
    assert frame("为加快拆除复垦，实施意见提出了哪几种做法？") == "list"
    assert frame("办理不动产登记的指导意见什么时候出台？") == "period"


def test_an_action_with_an_object_of_its_own_is_trade() -> None:
    def actions(text: str) -> list[str]:
        return [t.written for t in find_topics(strip_cues(text), topic_table()) if t.weak]

    assert "卖" not in actions("在门口卖水果行吗？")  # the resident's own goods
    assert "租" not in actions("租个铺面可以吗？")
    assert "卖" in actions("安置房能卖吗？")  # the house itself
    assert "卖" in actions("安置房能卖给别人吗？")


def test_an_a_not_a_question_is_a_yes_no_question() -> None:
    frames, _ = frames_of("这笔钱给发不发？")
    assert "yes_no" in frames
    stripped = strip_cues("培训收不收费？")
    assert [t.negated for t in find_topics(stripped, topic_table()) if t.written == "收费"] == [False]


def test_a_question_without_its_mark_ends_in_one() -> None:
    from kb.answer.understand import ended

    assert ended("补贴能领不") == "补贴能领不？"
    assert ended("补贴能领不？") == "补贴能领不？"
    assert "yes_no" in frames_of(ended("补贴能领不"))[0]


def test_a_short_last_question_with_its_own_topic_stands_alone() -> None:
    story = "我们一家五口去年搬到了城里的安置点，老人身体不好，孩子还在上学，家里开销很大，想多挣几个钱。低保能领不？"
    assert asked_part(story, topic_table()) == "低保能领不？"
    assert asked_part(story.replace("低保", "这个"), topic_table()).startswith("我们")  # no topic: the story


def test_a_double_question_asks_its_first_part() -> None:
    from kb.answer.understand import alternative_first

    assert frames_of("低保能不能领？还是必须停？")[0][0] == "must"
    assert alternative_first("低保能不能领？还是必须停？", ("must", "yes_no"))[0] == "yes_no"
    assert alternative_first("低保必须停吗？", ("must", "yes_no"))[0] == "must"


def test_a_followup_putting_a_case_asks_what_then() -> None:
    from kb.answer.followup import resolve
    from kb.answer.result import Turn
    from kb.answer.topic_words import Topic
    from kb.answer.understand import Question

    q = Question("要是没有呢？", "要是没有呢？", "要是没有呢？", "open", ("open",), (), (Topic("低保", ("低保",)),), ())
    q = q.__class__(**{**q.__dict__, "followup_cue": True})
    previous = Turn("fact", clause="文号 一（一）", frame="period", clauses=("文号 一（一）",))
    assert resolve(q, previous).frame == "what"
    plain = q.__class__(**{**q.__dict__, "raw": "那低保呢？", "question": "那低保呢？"})
    assert resolve(plain, previous).frame == "period"


def test_a_negated_verb_negates_its_object_topic() -> None:
    table = topic_table()
    for text in ("我不签这份双签协议可以吗？", "不办那个不动产权证行不行？"):
        topics = find_topics(strip_cues(text), table)
        assert any(t.negated for t in topics if not t.weak), text
    assert not any(t.negated for t in find_topics(strip_cues("签了双签协议能住吗？"), table))


def test_land_transfer_is_no_transfer_of_the_house() -> None:
    topics = [t.written for t in find_topics(strip_cues("地能流转给大户吗？"), topic_table())]
    assert "转给" not in topics


def test_the_question_itself_shows_what_is_out_of_scope() -> None:
    from kb.answer.scope import refuse_kind

    assert refuse_kind("我们家不是贫困户，能去安置点吗？", (), "", set()) == "eligibility"
    assert refuse_kind("上个月又出了新文件吗？", (), "", set()) == "later_policy"
    assert refuse_kind("护林员明年续聘看什么？", (), "", set()) is None
    assert refuse_kind("我们村能申请整村搬迁不？", (), "", set()) == "eligibility"  # 申请 … 搬迁
    assert refuse_kind("儿子分了户，能再要一套安置房不？", (), "", set()) == "eligibility"
    assert refuse_kind("我今年的护林员续聘了没有？", (), "", set()) == "personal_case"  # 了没有 at the end
    assert refuse_kind("我爹的残疾人补助怎么少了？", (), "", set()) == "personal_case"
    assert refuse_kind("过渡期完了以后还给不给？", (), "", set()) == "later_policy"
    assert refuse_kind("过渡期内低保还给不给？", (), "", set()) is None
    assert refuse_kind("拆了没有补偿的旧房要复垦吗？", (), "", set()) is None  # 了没有 not at the end


def test_a_homophone_of_a_word_residents_ask_with_is_read_as_it(store: GraphStore, lexicon: Lexicon) -> None:
    table = topic_table(tuple(Repository(store).topics()))
    q = understand(clean_question("五保户能不能申情易地搬迁？"), lexicon, lexicon.corpus_text(), table=table)
    assert "申请" in q.text and q.refuse_kind == "eligibility"


def test_where_the_asker_works_is_no_part_of_the_question() -> None:
    assert without_intro("我在县扶贫办工作，电商培训谁牵头？") == "电商培训谁牵头？"
    assert without_intro("俺在乡里上班，公益岗位归谁管？") == "公益岗位归谁管？"
    assert without_intro("我在安置区开店，能减税吗？") == "我在安置区开店，能减税吗？"  # what is asked about
    assert without_intro("我在县扶贫办工作") == "我在县扶贫办工作"  # nothing else to ask


def test_dialect_words_for_a_job_and_for_how_many_people() -> None:
    from kb.answer.topic_words import rewrite

    table = topic_table()
    assert any("就业" in t.alternatives for t in find_topics(strip_cues("家里有人有营生干没？"), table))
    assert "就业" in rewrite("有活儿干")
    assert frames_of("至少几口人就业？")[0][0] == "quantity"
    kinds = find_topics(strip_cues("公益岗都有些啥活儿？"), table)  # kinds of work, not a job
    assert not any("就业" in t.alternatives for t in kinds)


def test_a_bare_word_is_the_topic_only_when_it_is_all_that_is_asked() -> None:
    table = topic_table()
    assert [t.written for t in find_topics(strip_cues("那地呢？"), table)] == ["地"]
    assert not find_topics(strip_cues("当地有什么说法？"), table)  # 地 inside another word
    assert any("旧房" in t.alternatives for t in find_topics(strip_cues("老院子还能留着不？"), table))


def test_a_followup_with_an_amount_of_its_own_names_its_own_topic() -> None:
    from kb.answer.followup import resolve
    from kb.answer.result import Turn
    from kb.answer.topic_words import Topic, amount_topics
    from kb.answer.understand import Question

    assert [t.written for t in amount_topics("那800人以上的呢？")] == ["800人"]
    assert not amount_topics("那集中安置区呢？")
    text = "800人以上的集中安置区呢？"
    q = Question(text, text, text, "open", ("open",), (), (), (), followup_cue=True)
    previous = Turn("search", clause="文号 二（五）", frame="open", topics=(Topic("就业", ("就业",)),))
    resolved = resolve(q, previous)
    assert [t.written for t in resolved.topics] == ["800人"] and not resolved.followup  # not the last topic


def test_old_people_are_the_documents_older_persons() -> None:
    topics = find_topics(strip_cues("孤寡老人搬迁咋安置？"), topic_table())
    assert any("老年人" in t.alternatives for t in topics)


def test_a_word_between_the_asking_cue_and_the_losing_verb_keeps_a_loss_question() -> None:
    for text in ("医保会不会就断了？", "低保是不是就给停了？", "承包地会不会被收回去？"):
        assert frames_of(text)[0][0] == "loss", text
    stripped = strip_cues("医保会不会就断了？")
    assert "断" not in stripped and "就" not in stripped  # the whole cue goes, no word of it is left as a topic


def test_may_one_not_do_it_keeps_the_negated_action() -> None:
    for text in ("旧房能不拆不？", "老屋可以不拆不？", "旧房能不拆了不？", "旧房能不拆吗？", "老屋可以不拆么？"):
        stripped = strip_cues(text)
        assert [t.negated for t in find_topics(stripped, topic_table()) if t.written == "拆"] == [True], text


def test_what_there_is_asks_what_the_documents_say() -> None:
    assert frames_of("进度快、成效好的有什么激励？")[0] == ("what",)
    assert frames_of("有没有什么补贴？")[0][0] == "yes_no"  # a yes/no cue first


def test_a_colloquial_at_least_is_the_documents_at_least() -> None:
    from kb.answer.topic_words import rewrite

    assert "至少" in rewrite("俺家最起码有一个人就业不？") and "起码" not in rewrite("起码几个人？")


def test_by_when_asks_a_date() -> None:
    from kb.answer.sentences import asked_period_kind
    from kb.answer.topic_words import rewrite

    for text in ("今年啥时候前得弄完？", "多会儿之前得搞完？", "什么时候以前要完成？"):
        assert asked_period_kind(rewrite(text)) == "date", text
    assert asked_period_kind(rewrite("啥时候能住进去？")) is None  # either kind


def test_what_one_can_do_without_a_department_asks_what() -> None:
    from kb.answer.understand import choose_frame

    assert choose_frame(("duties",), [], "学了能干什么？") == ("what",)  # no department: not its duties
    assert choose_frame(("duties",), [], "那省里干什么？") == ("open",)  # a level: who at that level, in a follow-up


def test_whether_one_still_has_it_is_a_keep_question() -> None:
    for text in ("搬走的人还有份没？", "集体分红还有我的份不？", "低保还有没？"):
        assert frames_of(text)[0][0] == "keep", text
    assert "低保" in strip_cues("还有低保没？")  # the thing asked about stays


def test_a_short_story_is_split_like_a_long_one() -> None:
    # under 40 characters the story was asked whole, and its words (搬, 新区, 护林员) took the question's topic
    for story in ("我们一家是前年从山上搬下来的。", "我家住在新区三号楼。", "我儿子在村里当护林员。"):
        assert asked_part(story + "安置房能不能租出去？", topic_table()) == "安置房能不能租出去？"
    assert asked_part("我家安置房住了五年了。能卖吗？", topic_table()).startswith("我家")  # no topic: the story


def test_typos_of_job_pension_and_post_are_read_as_the_documents_words() -> None:
    from kb.search.bm25 import jieba_copy

    corpus = "促进就业。养老保险。公益岗位。"
    tokenizer = jieba_copy()
    assert fix_homophones("就叶有人管不", corpus, tokenizer) == "就业有人管不"
    assert fix_homophones("养劳保险还有吗", corpus, tokenizer) == "养老保险还有吗"
    assert fix_homophones("公益岗为有哪些", corpus, tokenizer) == "公益岗位有哪些"
    assert fix_homophones("因为搬了家", corpus, tokenizer) == "因为搬了家"  # 为 written right in 因为


def test_a_fixed_typo_is_rewritten_like_the_word(store: GraphStore, lexicon: Lexicon) -> None:
    table = topic_table(tuple(Repository(store).topics()))
    q = understand(clean_question("老宅子那块地没法复恳怎么办？"), lexicon, lexicon.corpus_text(), table=table)
    plain = understand(clean_question("老宅子那块地没法复垦怎么办？"), lexicon, lexicon.corpus_text(), table=table)
    assert q.text == plain.text


def test_a_short_question_after_a_statement_naming_a_thing_stands_alone() -> None:
    story = "我家住在新区三号楼，离原来的村子四十多里地。"
    assert asked_part(story + "财政部门负责什么？", topic_table()) == "财政部门负责什么？"
    assert asked_part(story + "现场调度多久一次？", topic_table()) == "现场调度多久一次？"
    assert asked_part("我家安置房住了五年了。能卖吗？", topic_table()).startswith("我家")  # an action only
    # after a question it goes on asking that one
    assert asked_part("俺今年的护林员考核过了没？能续聘不？", topic_table()).startswith("俺今年")


def test_words_naming_the_kind_of_answer_are_no_topic(store: GraphStore, lexicon: Lexicon) -> None:
    """这些…有哪些安置的办法？ 关于扶贫车间…: the words naming what kind of answer is asked for (frames.yaml
    asking_words) do not weigh as topics the answering sentence must state."""
    from kb.answer.lexicon import config

    table = topic_table(tuple(Repository(store).topics()))
    q = understand(clean_question("这些老人和特困户有哪些安置的办法？"), lexicon, lexicon.corpus_text(), table=table)
    asked = {t.written for t in q.topics} | set(q.words)
    assert not asked & set(config()["asking_words"])
    assert {"老人", "特困户"} <= asked  # the topics stay
    q = understand(clean_question("关于扶贫车间，文件里都说了些啥？"), lexicon, lexicon.corpus_text(), table=table)
    assert not set(q.words) & set(config()["asking_words"])
