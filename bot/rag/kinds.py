"""What kind of answer a question asks for, and which answer units are of that kind.

A definition ("What is X?", "X란?") wants the unit that defines X; "examples" wants units
that name examples; "downsides" the "however" units; "when" the conditions; "who" the
people; "used for" the purposes; "what comes next" the lesson's closing pointers; a list
question the whole list. Patterns exist in English and Korean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.kernel.lang import is_hangul
from bot.rag.glossary import (
    DECODER_ONLY_ROLE,
    ENCODER_DECODER_ROLE,
    ENCODER_ONLY_ROLE,
    MACHINE_LEARNS,
    SCENE_END,
)

QuestionKind = str

# A question that speaks of the student's own examples ("our examples no longer fit in the
# prompt", "예시가 너무 많아서", "예를 한 개만 보여 주고") is not asking for examples.
_OWN_EXAMPLES_EN = (
    r"(?<!our )(?<!my )(?<!one )(?<!single )(?<!many )(?<!multiple )(?<!few )"
    # (Nor examples the student gathers to train on: "we're collecting examples to adapt a
    # model; what should each training example contain?")
    r"(?<!training )(?<!collecting )(?<!gathering )"
    # (Nor examples a prompt goes without: "…with no example at all; what does the course call
    # asking like that?" asks for zero-shot.)
    r"(?<!no )(?<!without )(?<!without an )(?<!without any )"
)
# (And with "도" / "들": "예시도 엄청 많아" says how many the student has, it asks for none.)
# (Nor examples the student has in pairs: "예시 질문-답변 쌍이 수천 개 있어" are training
# examples, and had led with few-shot prompting.)
_COUNTED_KO = (
    # (Counted in digits too: "예시가 200개라 프롬프트가 너무 길어" counts a prompt's.)
    # (And in tens: "프롬프트에 예시를 수십 개 넣을 수도 없어요" had asked for examples.)
    r"(?!(?:[를가는로도]|들[이을은도]?)?\s*"
    r"(한 |하나|두 |여러|너무|몇|잔뜩|많이|엄청|수십|수백|수천|\d))"
    r"(?!\s+\S*\s?\S*쌍)"
    # (Nor examples the student gathers: "…조정하려고 예시를 모으는 중이에요. 훈련 예제
    # 하나에는 무엇이 들어가야…" asks what a training example holds, and had led with
    # few-shot prompting.)
    r"(?!(?:[를을]|들[을이]?)?\s*(모으|모아|모은|수집|준비))"
    # (Nor a sample prompt the student types in: "예시 프롬프트를 바로 넣어 보고…" asks for the
    # widget that runs it, and had led with zero-shot prompting.)
    r"(?!\s?프롬프트)"
)

_KINDS_EN: dict[QuestionKind, re.Pattern[str]] = {
    # What grows with something: "the more context you give, what improves?" asks for the
    # lesson's "the more …, the more …" (`UNIT_FEATURES`).
    "proportion": re.compile(r"\bthe (more|less|fewer|longer|richer)\b", re.I),
    "examples": re.compile(
        rf"\b({_OWN_EXAMPLES_EN}examples?|such as|for instance|name (some|a few)"
        r"|which (models|ones)|what models|a couple of|name (one|two|three|any|a couple)"
        # ("name the product the reading links to": the lesson's example of the kind.)
        r"|name the (products?|models?|tools?|services?)"
        # ("give me one freely available model family the text mentions by name")
        r"|(mentions?|mentioned|names?|named|cites?|cited|lists?|listed) by name"
        # ("which names from the reading would satisfy her?")
        r"|(which|what) names\b"
        # ("give me the one product the chapter uses to illustrate what a cloud service is")
        r"|(uses?|used|picks?|picked) to illustrate\b"
        r"|(which|what) (?!(are|is|do|does|can|were|was)\b)"
        # (Not a kind of model: "which family of models turns reviews into numbers?" asks
        # for embeddings, the category, and had preferred any unit naming an example.)
        r"(?!(kinds?|types?|famil(y|ies)|categor(y|ies)|class(es)?|sorts?) of\b)"
        r"([\w-]+ ){1,2}(models|ones)(?! (can|could) do\b)"
        # (Not what a kind of model can do: "what picture-generating models can do with photos
        # we already have" asks for its uses, and the DALL-E-3 examples had led.)
        # Asked to recommend a model, a student wants one named: "recommend a model for
        # generating images" had got what image generation models are, and no model.
        r"|(recommend|suggest)(ed)? (me )?(a |an |some |any )?([\w-]+ ){0,2}(models?|tools?)"
        # A real one is a named one ("in that quiz story, the checker … which real model is
        # that person?" had got the reviewer's sentence without BERT).
        r"|(which|what) (real|actual|concrete|specific|real-world) (models?|ones?)"
        r"|(models?|tools?) (would|do|does|did|should) (you|the lesson|it) (recommend|suggest)"
        # The lesson's one example of a kind ("name the lesson's one example of a model that
        # grasps context"): not a one-shot prompt's example, which is of no model.
        r"|one example of (an? |the )?([\w-]+ ){0,2}(models?|tools?|services?)"
        # Which model one of the analogy's colleagues stands for ("for the quiz-writing
        # colleague who drafts but doesn't get the objectives, which model family matches?"):
        # the sentence saying whom they are like, with the models it names (GPT-3), which
        # the unit of its examples says and the sentence alone had not.
        r"|(colleague|co-?worker|reviewer|(content )?creator|quiz-?writer)\b.{0,120}"
        r"\b(which|what) (model )?(famil(y|ies)|models?|architectures?)\b)\b",
        re.I,
    ),
    "drawbacks": re.compile(
        r"\b(downsides?|disadvantages?|drawbacks?|cons|limitations?|limits?|weakness(es)?"
        r"|problems? with|risks?|(bad|weak|not good|poor) at|struggles? (with|at)"
        r"|not (good|great|ideal|suited) for"
        # ("open source model have what problem?", "what issues do open models have?")
        r"|(have|has) what (problems?|issues?)|what (problems?|issues?) (do|does|can|might)"
        # What a choice costs besides money: "what do we give up by paying a provider?"
        r"|give up|trade-?offs?|sacrific(e|es|ing)"
        # What a choice still lacks: "picking a base model gives baseline skills. what's
        # usually missing on top of that?" (the foundation models' criteria had led).
        r"|what'?s (\w+ ){0,2}missing|what (is|are) (\w+ ){0,2}missing|what (\w+ ){0,2}lacks?"
        # What makes one hesitate: "why would a team hesitate to ship an open model?"
        r"|hesitat(e|es|ed|ing|ion)|reluctan(t|ce)|wary of"
        # The hidden cost of a choice: "what's the catch with services?" had got what a
        # service is first (not "catch up", "catch bugs": a noun after "the", "any", "a").
        r"|(the|any|a|what) catch(es)?(?! up)"
        r"|why (is|are) [\w\s-]{1,40}(expensive|costly|slow|hard|difficult"
        r"|risky|worse|unreliable|less (reliable|accurate|performant)|not [\w-]+))\b",
        re.I,
    ),
    # ("why is fine-tuning expensive?" asks for a weakness's reason, not for strengths.)
    "advantages": re.compile(
        r"\b(advantages?|benefits?|pros|strengths?|why (use|would|should)|(?<!not )good for"
        # What one gains from a choice is what it is good for: "what do we gain from a cloud
        # provider's offering instead of raw weights?".
        r"|what (do|does|would|will|can) ([\w-]+ ){1,3}gain"
        r"|why is(?![\w\s-]{1,40}\b(expensive|costly|slow|hard|difficult|risky|worse"
        r"|unreliable|less (reliable|accurate|performant)|not [\w-]+)\b))\b",
        re.I,
    ),
    # (And where something comes from: "where do open models typically come from?" asks
    # who makes them available.)
    "who": re.compile(
        r"^\s*who\b|\bwho (coined|created|made|makes|offers|owns|releases|publishes|provides)\b"
        # Which of the analogy's people ("which colleague would we hire to only check work?").
        r"|\bwhich (colleague|person|role|coworker|co-worker)\b"
        r"|\bwhere (do|does|did) [\w\s-]{1,40}\bcome from\b",
        re.I,
    ),
    # What something costs, or which costs less: the lesson's "might be costly", "the most
    # cost-effective approach", "subscription or payment".
    # The one that is most something ("the cheapest approach", "제일 어려운 방법"): the
    # sentence that says which is most ("the most cost-effective approach to kick-off with").
    # ("the most central part" asks what is core, not which option is most something.)
    "most": re.compile(
        r"\b(cheapest|fastest|easiest|simplest|hardest|biggest|largest|smallest|least"
        r"|most(?! (central|important|basic|fundamental)\b))\b",
        re.I,
    ),
    # Whether something holds for all of a kind ("can I fine-tune every model there?", "are
    # all catalog models deployable?"): the sentence that says all, or not all, answers.
    # (At any clause's start: "heads up before I plan: is custom training offered for all
    # catalog entries?") And an option not offered for one of them ("the fine-tune option
    # isn't offered for it. is that expected?"): not all models have it.
    "all": re.compile(
        r"(^|[:;.!?]\s*)(can|could|is|are|do|does|will)\b.{0,60}\b(every|all)\b(?! the time)"
        # Whether it is certain for the one found ("is it guaranteed I can tune it?").
        r"|\bguarantee(d)?\b"
        r"|\b(option|button|feature)s? (is|are)?\s*(n't|not) (offered|available|shown|there)"
        r"|\b(isn't|is not|aren't|are not) (offered|available) for (it|this|that|some|my|our)\b",
        re.I,
    ),
    # Where to begin ("which option should we kick off with?", "what do I try first?"): the
    # sentence that says what to start with ("…the most cost-effective approach to kick-off
    # with", "…worth considering RAG first").
    "first": re.compile(
        r"\b((start|begin|kick)( off)? (with|by)|kick-off with|(try|do|use|consider|pick) first"
        r"|first step|where (do|should|can) (i|we) (start|begin)"
        # ("my boss thinks fine-tuning is the first thing to try" had got its conditions.)
        r"|first (thing|approach|option|method|choice|move) (to|we|i|you)"
        # ("fine-tuning is the cheapest way to start, yes?": the way to begin.)
        r"|(way|place|approach|option|thing|method) to (start|begin|get started))\b",
        re.I,
    ),
    "cost": re.compile(
        # (A price list is data the question is about, not a cost asked: "our bike shop's
        # price list changes monthly; retraining or fetching?")
        # (Nor a price as the data asked for: "why can't an LLM tell me yesterday's stock
        # price?" asks what a model cannot know.)
        r"\b(cheap(er|est|ly)?|expensive|costs?|costly"
        r"|(?<!stock )(?<!share )(?<!market )(?<!gas )(?<!oil )"
        r"pric(e(?! (lists?|sheets?|tables?|catalog))"
        r"|es|ed|ey|ier|iest|ing)|pay"
        # (What must be bought is a cost: "what purchases does that imply?")
        r"|money|budget|shoestring|afford|bill(ed|ing)|charged?|fees?|purchas(e|es|ing)|buy"
        r"|spend)\b",
        re.I,
    ),
    "when": re.compile(
        r"^\s*when\b|\bwhen (is|should|would|do)\b|\bin which case|\bwhat (situation|scenario)"
        # How to pick between two asks when each is the one to use.
        r"|\bhow (do|should|would|can) (i|we|you|a business|companies) (pick|choose|decide)"
        r" between\b",
        re.I,
    ),
    # Where else the curriculum teaches a subject ("which chapter covers DALL-E further?"):
    # the pointer that names the chapter (`ELSEWHERE`).
    "elsewhere": re.compile(
        r"\b(which|what) (other )?(chapter|lesson|module)\b"
        r"|\b(read|learn|study) more about\b"
        # (Not a model found in a place the lesson names: "where do I find Llama2 in Azure?"
        # asks where in Azure, which the catalog's sentence says; DALL-E's "Read more" had led.)
        r"|\bwhere (else )?(can|do|should|could) (i|we|you) (read|learn|study"
        r"|find(?![^?]*\b(in|on) (azure|the (model )?catalog|(azure )?ai studio|hugging face)\b))\b"
        r"|\b(covers?|covered|taught|discussed|explained|goes into) (\S+ ){0,4}"
        r"(further|in (more )?(depth|detail))\b",
        re.I,
    ),
    # ("next to each other" is not what comes next.)
    # The analogy itself ("what analogy does the lesson use to explain architectures?"): its
    # scene ("Imagine your manager gave you a task…"), a pointer otherwise, answers. (Not a
    # part asked of it: "in the analogy, who plays the decoder?" asks for that part.)
    # (Nor the analogy for one of them: "what's the analogy for the decoder?")
    "analogy": re.compile(
        # (Named by its scene too: "explain the quiz analogy in two sentences" had got the
        # encoder-decoder, as a part of it.)
        r"\b(what|which)('s| is| was)? (the |that )?(quiz(-writing)? |office |colleagues? )?"
        r"(analogy|metaphor)\b(?!\s+(for|of)\b)"
        r"|\b(describe|explain|tell me|summari[sz]e|recap|walk me through) (the |that |this )?"
        r"(quiz(-writing)? |office |colleagues? )?(analogy|metaphor)\b(?!\s+(for|of)\b)"
        r"|\b(analogy|metaphor) (does|did) (the lesson|it|the chapter|the course|the reading)"
        r" use\b",
        re.I,
    ),
    # Who plays one architecture in the analogy ("what's the analogy for the decoder?",
    # "in the story, who is the encoder?"): the sentence that says who is like it ("The
    # content creator is like a Decoder only model…"), not its examples.
    # (Who is who in it, "in the analogy, who plays the decoder?", the roles' own words
    # already find.)
    "role": re.compile(r"\b(analogy|metaphor) (for|of) (the |an? )?[\w-]+", re.I),
    # The lesson's video ("is there a video of this lesson?"): the banner's "Click the image
    # above to view video of this lesson", a pointer, which answered nothing else. (Not a
    # video call or a video to transcribe: those are speech.)
    # (Nor a video model or a recording to transcribe: "is there a recording transcription
    # model?")
    # What a model gives out ("what do embedding models output?"): the sentence that says
    # what it turns its input into ("convert text into a numerical form"); the one on what
    # it is used for had led.
    "produces": re.compile(
        r"\bwhat (does|do|did|can|will) (an? |the )?[\w-]+( [\w-]+){0,2} "
        r"(output|produce|return|spit out|give back|turn \w+ into)\b"
        r"|\bwhat('s| is| are) (the )?outputs? of\b",
        re.I,
    ),
    "video": re.compile(
        r"\b(is there|any|where(?:'s| is| are| can i (find|watch|see))|watch) (a |an |the )?"
        r"videos?\b(?!\s*(calls?|models?|generat\w*|editing|tools?|transcri\w*))"
        r"|\b(video|recording|recorded version)s? (of|for) (this|the) (lesson|chapter|class)\b"
        r"|\b(lesson|chapter)'?s video\b|\bvideo (lesson|version)\b",
        re.I,
    ),
    "next": re.compile(
        # ("a deadline next month" is a date, not the next lesson.)
        # ("the next step" is the "step" kind, which `question_kinds` reads instead.)
        r"\b(next(?! to\b| (day|week|month|year|quarter|semester|term)\b)"
        r"|comes after"
        r"|after this (lesson|chapter)|continue|keep learning"
        # ("where does the chapter send me once I'm done with it?")
        r"|(done|finished|through) with (it|this|the (lesson|chapter|course))"
        r"|learn(ing)? more|where (should|do|can) i go"
        r"|(follow[- ]?up|following|upcoming) (lesson|chapter|class|unit))\b",
        re.I,
    ),
    # The next step of a process ("once we have candidate models, what's the next step?"), not
    # the next lesson.
    "step": re.compile(
        r"\bnext steps?\b|^\s*(once|after|when)\b[^?]{0,80}\bwhat (comes )?next\b", re.I
    ),
    # Where a model goes to be used ("where can I deploy my fine-tuned model?"): the sentence
    # that names the endpoints, not the section of the thing deployed.
    "deploy": re.compile(
        # (Nor "the deployment approaches": "…asks how the deployment approaches differ;
        # along what axes does the chapter say?" had got the catalog's deploy bullet.)
        r"\b(deploy\w*(?!\s+(approach\w*|options?|strateg\w*|methods?)\b)|endpoints?|serverless)"
        r"\b(?<!before deploying)(?<!before deployment)"
        # (Not the approaches "to deploy an LLM in production, with different levels of
        # complexity, cost, and quality": "…comparing approaches to deploying an LLM in
        # production. Which dimensions do they differ in?" had led with the team's "deploy
        # them on inference endpoints".)
        r"(?<!approaches to deploying)(?<!approaches to deploy)",
        re.I,
    ),
    # What something is and no more ("strip away the cloud service: what is left of a
    # model?"): the lesson's "Models are just the Neural Network…".
    "only": re.compile(
        r"\bwhat('s| is) left\b|\bwhat remains\b|\bnothing (but|more than)\b"
        r"|\b(is|are) (it|they|a model|models) just\b",
        re.I,
    ),
    # What a kind of model learns from ("DALL-E style systems were fed what named collection
    # of pictures?"): the sentence that names its datasets, not the bullet that names it.
    "dataset": re.compile(
        # (Not scores "on public datasets": the benchmarks.)
        r"\b((what|which) (named )?(datasets?|data ?sets?|corpus|corpora)|training (data ?sets?"
        r"|corpus)|collections? of (pictures|images|photos|text|books|code)"
        r"|(trained|fed|learns?|learned|taught|pretrained) (on|from) (what|which))\b",
        re.I,
    ),
    # What takes something as its input ("which downstream models can consume embeddings?").
    "input": re.compile(
        r"\b(consume[sd]?|as (its|their|an?) inputs?|take[sn]? \w+( \w+)? as inputs?"
        r"|(feed|fed) (it|them|that) (in)?to|downstream models?)\b",
        re.I,
    ),
    # What something takes: "what would I need to run a model myself?" (the lesson's "would
    # need to buy equipment", "requiring computational power").
    "needs": re.compile(
        r"\bwhat (do|does|would|will|did) (i|we|you|they|it|a business|a company|companies"
        r"|one|a team) (need|require)\b|\bwhat('s| is| are) (needed|required)\b"
        r"|\bwhat (does|do|would|will) [\w-]+( [\w-]+){0,3} (need|require)\b"
        r"|\bwhat does it take\b|\brequirements?\b|\bprerequisites?\b",
        re.I,
    ),
    "purpose": re.compile(
        r"\b(used for|(?<!not )good for|use (it|them) for|purpose|(what|which) (tasks|jobs)"
        r"|put to work"
        r"|what do (people|we|you|companies|businesses) use)\b"
        # "what kinds of jobs are text generators usually put to?"
        r"|\b(kinds?|sorts?|types?) of (tasks|jobs|work|uses)\b|\bput to\b"
        # ("…wants to know the usual jobs for picture-making models": the DALL-E bullet had
        # led, which names models, not uses.)
        r"|\b(usual|typical|common|everyday|main) (jobs|tasks|uses)\b",
        re.I,
    ),
    "enumeration": re.compile(
        r"^\s*(what|which) (are |were )?(the )?(\w+ )?(approaches|ways|types|kinds|options|goals"
        r"|criteria|steps"
        # (Kinds of jobs are what something is for: `purpose`.)
        r"|things)\b(?! of (tasks|jobs|work|uses)\b)"
        r"|\bwhat can (i|you|we)\b|\bwhat will (i|we)\b|\bwhat does it take\b"
        # "list the approaches…", "name all the types…", "enumerate…"
        r"|^\s*(please\s+)?(list|enumerate|name all)\b"
        # Said the student's way: "rattle off the improvement approaches from the overview
        # list" (fine-tuning's own conditions had led).
        r"|\b(rattle|reel|run|read) (off|through|down) (the |all )"
        r"|\b(the )?(overview|whole|full|complete) list\b"
        # "which approaches … does the lesson list?": what the lesson lists, asked for whole.
        r"|\b(does|do|did) (the |this )?(lesson|chapter|course|reading) (list|lay out)\b"
        # "prof said there are 3 ways to improve LLM output. what are they again": a count
        # of them asks for them all (the fine-tuning definition had led).
        r"|\b([2-5]|two|three|four|five) (main |different )?(ways|approaches|options|methods"
        r"|types|kinds|categories)\b",
        re.I,
    ),
}
# Hangul syllables that end in ㄴ: a verb's "-ㄴ/은" before "다음에" makes it "after doing".
_N_FINAL = "".join(chr(0xAC00 + i) for i in range(11172) if i % 28 == 4)
_KINDS_KO: dict[QuestionKind, re.Pattern[str]] = {
    # ("컨텍스트를 자세히 줄수록 뭐가 좋아져?" had got the cost-effective line.)
    "proportion": re.compile(r"[가-힣]수록"),
    # ("미세 조정한 모델은 어디에 배포할 수 있나요?" had got fine-tuning's definition.)
    # ("배포 전에 … 확인하는 기능" asks what comes before deploying.)
    "deploy": re.compile(r"배포(?!\s*전)(?!\s*(하는\s*)?접근)|엔드포인트"),
    # ("서비스 껍데기를 다 벗기면 모델 본체에는 뭐만 남아?": "…신경망에 불과합니다".)
    "only": re.compile(r"뭐만|무엇만|만 남|에 불과|뿐이(야|니|냐|에요|예요|ㄴ가|지)"),
    "examples": re.compile(
        rf"((예시|예를|예로|예는|예가){_COUNTED_KO}|예 좀|의 예"
        r"|어떤 것들|뭐가 있|무엇이 있|어떤 게 있|어떤 게 나와|뭐가 나와|뭐뭐|모델로는"
        r"|(모델|것|거|도구)\S* 뭐 있|나온 (거|것|게) 뭐"
        r"|(이름|몇 개|세 개|두 개)\S* ?(대 ?봐|꼽아)|대 ?봐$|꼽아 ?(줘|봐)"
        # A model the lesson names ("…직접 올릴 만한 모델로 강의가 이름을 든 게 있어요?").
        r"|이름(을|으로)? ?(든|댄|언급한|밝힌) (게|거|것|모델)"
        # ("상용 LLM으로 강의에 등장한 이름을 전부 나열해 줘": the lesson's examples.)
        # ("새로 나온 모델" is a new model, not the lesson's.)
        r"|나열|(에서|에) (등장한|나온|언급된|소개된) (이름|모델)"
        # A representative one is an example ("…직접 쓰지는 못하는 쪽… 그 사람에 해당하는
        # 대표 모델은?" had got the reviewer's sentence without BERT).
        r"|대표(적인|하는)? ?(모델|예|사례)|(실제|실존하는|구체적인) 모델"
        # Asking for some: "예시를 몇 개 들어 줄 수 있어?", "예 좀 보여줘", "예시 몇 개만",
        # and a bare "예" after what it is of ("code gen 모델 예": the definition had led).
        r"|예시?\S{0,2} (몇 (개|가지) )?(들어|보여|알려)|예시 ?몇 ?(개|가지)만"
        # One asked for ("예시 하나만 들어줘"; not "예시를 하나만 보여 주고", a prompt's).
        r"|예시?\S{0,2} (하나|한 ?개|한 ?가지)만? (들어|보여|알려|대) ?(줘|주세요|줄래|봐)"
        r"|(모델|도구|툴|서비스)\S{0,2} 예\s*[?？]?\s*$"
        # ("이미지 생성에 쓸 만한 모델 추천해줘": a model named, as above.)
        r"|(모델|도구|툴)\S{0,2} 추천|추천(하는|할 만한|해 줄 만한) (모델|도구|툴)"
        r"|쓸 만한 (모델|도구|툴)"
        # Which model one of the analogy's colleagues stands for ("…학습 목표는 잘 이해하지
        # 못한다는 동료는 어떤 모델 계열에 비유됐나요?"), as in English.
        r"|(동료|검토자|작성자)\S{0,2}\s.{0,80}(어떤|무슨|어느) (모델|계열|구조))"
    ),
    "drawbacks": re.compile(
        # (Not "요약해", "절약해", "계약한": a summary, saving, a contract.)
        r"(단점|한계|문제점|약점|(?<![요절계예])(약하|약해|약한 (점|부분|게|것))|서툴|서툰|위험"
        r"|부족한 (점|것|부분)|잘 못하|잘못하는|뭘 못|무엇을 못"
        r"|못하는 (것|게|일)|(안|잘 안) 좋은 (점|것|부분)|나쁜 (점|것|부분)"
        # What makes one hesitate: "공개 모델을 실서비스에 바로 넣기 망설여지는 이유는?" asks
        # for its weaknesses (the definition had led, the weaknesses second).
        r"|망설여|망설이|망설일|꺼려지|꺼려져|꺼리는|주저하|주저되"
        # The hidden cost of a choice: "서비스의 함정은?".
        r"|함정)"
    ),
    "advantages": re.compile(
        # ("왜 글을 못 써?" asks why it cannot: not a strength.)
        r"(장점|이점|이득|(?<!안 )좋은 점|왜 .*(?<!못)(?<!못 )(좋|써|쓰|효율)"
        r"|(뭐가|무엇이|어떤 점이) 좋"
        r"|좋은 이유|강점|잘하는 (일|것|게|건)|잘 하는 (일|것|게|건)|능숙한 (일|것|게|건)"
        # ("클라우드 서비스가 편한 이유가 뭐래?": what makes it easier.)
        r"|편한 (이유|점)|편리한 (이유|점))"
    ),
    # ("누구나 쓸 수 있는" is anyone, not who.)
    "who": re.compile(r"(누가|누구(?!나)|어디서 (나와|나오|내놔|내놓|만들|제공|공개))"),
    # ("무료 공개 모델" describes the model: "free" and "paid" are not asking about cost.)
    "cost": re.compile(
        # (Not "가격표", a price list: "자전거 수리점 가격표가 매달 바뀌는데…" asks how a
        # chatbot learns it, and the proprietary models' payment had led.)
        # (Whether it is free asked too: "클라우드 LLM 서비스는 공짜야?" had led with what a
        # service is. Not a model described as free: "무료로 풀린 모델이 … 성능이 떨어질
        # 수도" asks about open-source models' performance.)
        # (A price paid for it, "대가": "자체 데이터로 모델을 추가 학습하면 뭘 얻고 대가는
        # 뭐라고 해요?" had led with RAG.)
        r"(싸|싼|비싸|비용|가격(?!표)|요금(?!표)|돈|예산|청구|과금|결제|최고가|최저가|단가|구입|구매"
        r"|대가(는|가|로|를)?(?!\S)"
        r"|(공짜|무료)(야|예요|에요|인가|일까|지\b|냐|니|래|로 (써|쓸|쓰|사용|이용)|로 제공)"
        r"|사야 (해|하|돼|되))"
    ),
    # ("가장 중심이 되는 부품" asks what is core: the lesson's "핵심 구성 요소" has no 가장.)
    # (And the dearest or cheapest in one word: "최고가 모델", "단가 최고", "최저가".)
    "most": re.compile(r"(가장|제일)\s(?!(중심|핵심|기본|중요))|최고가|최저가|단가 최고|최고 단가"),
    "first": re.compile(
        r"(뭐|무엇|어떤 ?(것|거|방법|방식|접근(법| ?방식)?))부터|먼저 (뭘|무엇|뭐|어떤)"
        r"|처음에 (뭘|뭐|무엇)"
        # ("파인튜닝이 시작하기에 제일 싼 방법이지?": the lesson's own "시작하기에".)
        r"|시작하기에|시작하기 (좋은|제일|가장)"
        # Where to begin ("분재 농원이 돈은 없는데 챗봇 답을 좋게 하고 싶대. 어디서 시작해?" had
        # got fine-tuning's cost-effective smaller models, not the cheapest start).
        r"|(어디|어느 ?것|어느 ?쪽)(서|에서|부터) (시작|출발)|시작은 (어디|뭐|무엇)"
    ),
    # ("파인튜닝이 RAG보다 나은 경우는?": in which cases.)
    "when": re.compile(r"(언제|어떤 경우|어떤 상황|(나은|좋은|맞는|적합한|유리한|선호되는) 경우)"),
    # Where else the curriculum teaches a subject ("DALL-E는 커리큘럼 몇 장에서 더 나와?").
    "elsewhere": re.compile(
        r"몇 ?(장|강|단원|챕터)|어느 (장|강|단원|챕터)|(다른|어떤) (장|강|단원|챕터)"
        r"|(더|자세히) (나와|나오|다뤄|다루|배워|배우|알아보|공부)\S*.{0,10}(어디|어느|몇)"
        r"|(어디|어느 ?곳)에서 (더|자세히)"
    ),
    # The analogy itself ("아키텍처 설명할 때 강의가 쓰는 비유는 뭐야?").
    # (Not the analogy of one part: "디코더 모델의 비유는 뭐야?")
    "analogy": re.compile(
        r"(?<!의 )비유(는|가|를)?\s*(뭐|무엇|어떤|설명|알려|요약)|(무슨|어떤) 비유"
    ),
    # Who plays one architecture in the analogy ("디코더 모델의 비유는 뭐야?").
    "role": re.compile(r"의 비유"),
    # What a model gives out ("임베딩 모델은 뭘 출력해?", "embedding 모델은 뭘 output 해?").
    "produces": re.compile(
        r"(뭘|뭐를?|무엇을|어떤 (값|결과|출력)을?) ?(출력|output|내놓|내보내|반환|뱉|돌려)"
        r"|(출력|결과물|output)(은|이|값은|값이)? ?(뭐|무엇|어떤 (거|것|형태))"
    ),
    # The lesson's video ("이 강의 동영상은 어디 있어?").
    "video": re.compile(
        r"(강의|강좌|수업|단원|레슨|이 장)\S*\s*(동영상|비디오|영상)"
        r"|(동영상|비디오|영상)(은|는|이|가|도)?\s*"
        r"(어디|있어|있나|있나요|있습니까|볼 ?수|보려면|링크)"
    ),
    "next": re.compile(
        # ("이 강의 다음엔 뭘 배워?": "다음엔" is "다음에는" said fast.)
        rf"(다음 (강의|시간|수업|단원|장|레슨|편)|(?<![{_N_FINAL}] )다음(에는|엔)|이후에"
        r"|(강의|강좌|단원|레슨) 다음(에|엔|은|으로)"
        rf"|(?<![{_N_FINAL}] )다음에 (뭘|무엇을|뭐|어떤)|후속 (강의|수업|레슨)"
        # What to look at once the course is done ("이 강좌 다 끝내고 나면 뭘 보라고 했지?"):
        # not what one can do after it (the learning goals).
        # (Or joined by "-고": "강의 끝나고 뭐 보면 돼?" had got the learning goals.)
        r"|(끝내|마치|끝나|완료하)\S*?\s*(나면|나서|후에?|뒤에?|고)\s*(뭘|무엇을|뭐를?|어디를?)"
        r"\s*(보|봐|추천)"
        # Where to go once it is done ("강의 다 보고 나면 어디로 가면 돼요?").
        r"|(다 (보|읽|듣)|끝내|마치|끝나|완료하)\S*?\s*(나면|나서|후에?|뒤에?|고|면)\s*"
        r"(\S+\s+){0,2}?어디로 (가|가면|가라|가야)"
        # Learning further, as the English "learn more", "keep learning" ("이번 강의 끝내고
        # 더 공부하려면 어디를 둘러보라고 해?").
        r"|(더|계속|이어서) (공부|배우|배워|학습))"
    ),
    # The next step of a process ("후보 모델을 찾은 다음에는 뭘 해야 해?": after finding
    # candidates): the lesson's "다음 단계는 … 테스트하는 것입니다", not the next lesson.
    # ("다음 단계에서 어떤 모델이 받아 써?" asks which model, not what to do next.)
    "step": re.compile(
        rf"(다음 단계(는|가|로)?|[{_N_FINAL}] 다음(에는|에|엔))\s*(뭘|뭐|무엇|어떻|어떤 (일|걸|것))"
    ),
    "dataset": re.compile(
        r"데이터 ?세트|데이터셋|(사진|이미지|그림|텍스트|책|코드) ?모음|말뭉치|코퍼스"
    ),
    "input": re.compile(
        # ("받아쓰는" is dictation.)
        # ("평가 결과를 받아 보려면" is not: what is taken in is used, or "eaten".)
        r"입력으로|받아서? (써|쓰|쓴|쓸|사용)|(입력|결과)\S* 먹|후속 모델|다운스트림 모델"
    ),
    # What something takes ("서비스 대신 모델을 직접 쓰면 뭐가 필요해?").
    "needs": re.compile(
        r"(뭐가|무엇이|뭘|무엇을|어떤 게|어떤 것이|뭐) (더 |꼭 )?(필요|있어야|갖춰야|준비해야)"
        r"|필요한 (것|거|게|건|조건)|갖춰야|준비물|필요 ?조건"
    ),
    "purpose": re.compile(
        # ("우리 용도에 맞게 고쳐 써도 돼?" asks whether it may be changed, not its uses.)
        r"(어디에 쓰|무엇에 쓰|어디에 사용|무엇에 사용|용도(?!에 맞)|쓰이나|쓰여"
        # What it is set to do: "회사에서는 주로 뭐 시키는 데 써?", "무슨 일을 맡겨?".
        r"|(뭐|뭘|무엇을?|무슨 일을?|어떤 (일|작업)을?)\s*"
        r"(시키|시켜|맡기|맡겨|하는 ?데 ?(써|쓰|사용)))"
    ),
    "enumeration": re.compile(
        r"(어떤 것|(무엇을|뭘|뭐를) (배우|배워|할 수)|배우는 (건|것|게)"
        # ("출력 기준으로 어떤 분류야?": "by its output", not the criteria; "필터 기준으로 뭐가
        # 있대?" asks for them.)
        # (Nor "강의 기준으로 뭐부터 해 보는 게 좋아?": by the lesson's account, not criteria.)
        r"|방법에는|종류|(?<!강의 )(?<!수업 )(?<!자료 )(?<!교재 )기준(?!으로 (어떤|무슨|어느) )"
        # (Not the objectives someone in the analogy fails to grasp: "학습 목표는 잘 이해하지
        # 못한다는 동료" asks about the colleague, and the lesson's goals had led.)
        r"|목표(?!\S{0,2}\s*(잘\s*)?(이해|모르|몰라|파악))|무엇을 수행"
        # A count of them: "개선하는 방법 3가지 있다고 했는데 뭐였지".
        r"|[2-5] ?가지|(두|세|네|다섯) 가지"
        # How many there are: "LLM 결과 개선 방법은 몇 가지야?" (the Azure platform's opening
        # had led; "파라미터가 몇 개야" asks a figure, not for a list).
        r"|몇 ?가지|(방법|종류|유형|방식|단계|기준|목표|옵션)\S{0,2} 몇 ?개"
        # Asked for in the plural: "강의에 나온 접근 방식들은?" (RAG's paragraph had led).
        r"|(방법|방식|접근법|유형|옵션|선택지)들(은|이|을|로|에는)?(?![가-힣]))"
    ),
}
ASKS_HIGH_COST = re.compile(
    # ("does a fine-tuned model cost money?" asks whether it costs, not what is cheap: the
    # "more cost effective" less capable models had answered it.)
    # (Not the least of it: "what is the least costly way to start…?" asks what is cheap;
    # training from scratch had led.)
    r"(?<!least )(?<!less )(?<!not )\b(expensive|costly|pricey|pricier|cost (a lot|much)|too much"
    r"|costs? (any )?money"
    r"|costs? anything)\b"
    r"|비싸|비쌉|비싼|비용이 많이|돈이 많이|많이 들|(돈|비용)이? ?(들|드|듭)",
    re.I,
)
"""A question whether something costs a lot ("is fine-tuning expensive?", "파인튜닝 비싸?")."""

_LOW_COST = re.compile(r"cost[- ]effective|비용 효율\S*", re.I)
_MOST_COSTLY = re.compile(r"\bthe most (expensive|costly)\b|가장 (비싸|비쌉|비싼)\S*", re.I)
_MOST_COST_EFFECTIVE = re.compile(
    r"\bthe (most cost[- ]effective|least (expensive|costly))\b|가장 (비용 효율|저렴)\S*", re.I
)

ASKS_LOW_COST = re.compile(
    # ("the lowest-cost first step", "the least expensive way")
    r"\b(cheap\w*|cost[- ]effective|affordable|afford|shoestring|low(est)?[- ]cost"
    r"|(least|less) (expensive|costly|pricey)|inexpensive|budget[- ]friendly"
    r"|(no|little|less|not much|almost no|tight) (money|budget)"
    # ("im broke lol what approach do i start with" was refused, p 0.50.)
    r"|(i'?m|we'?re|i am|we are|pretty|totally|kinda|so) broke"
    # Spending little is saving ("…작은 스타트업이 돈을 아끼려면 어떤 접근부터…" had got
    # training from scratch, which costs most).
    r"|save (some )?(money|costs?)|saving (money|costs?)|cut (our |the )?costs?)\b"
    r"|저렴|(?<!비)싸|비용 효율|돈이? ?(없|부족|별로)|예산이 (없|적|빠듯|부족|모자)"
    r"|(돈|비용|예산)을? ?(아끼|아낄|아껴|절약|줄이|줄일|줄여)"
    r"|(돈|비용)이? (덜|적게|제일 적게|가장 적게) (드|들)",
    re.I,
)
"""A question after what costs little ("we have almost no money…", "제일 싼 방법"; read with
the glossary's course words, which give "cost-effective" for a student's "on a shoestring")."""

_REQUIRES = re.compile(
    r"\brequir\w*\b[^.]{0,60}\b(resources|computational power|computation power|equipment)\b"
    r"|(리소스|컴퓨팅 파워|연산 능력|장비)[^.]{0,20}필요",
    re.I,
)
"""What an approach takes in people and machines ("requiring massive amounts of data, skilled
resources, and appropriate computational power", "…컴퓨팅 파워가 필요합니다"): its cost, to a
question what something costs ("what will pretraining our own LLM cost us in staff and
hardware?" had led with the text bullet's "different costs"); not to one after what costs
little, which it answers the opposite way."""


_PREFERRED_IF = re.compile(r"preferred approach if|선호되는 접근 방식입니다", re.I)


# Where else in the curriculum a subject is taught ("Read more about DALL-E here and also in
# Chapter 9 of this curriculum", "이 커리큘럼의 9장에서 확인하세요"): what a question of the
# "elsewhere" kind asks for.
ELSEWHERE = re.compile(r"\b(chapter|lesson) \d+\b|\d+ ?(장|강)(에서|의|을|에)", re.I)

UNIT_FEATURES: dict[QuestionKind, re.Pattern[str]] = {
    "elsewhere": ELSEWHERE,
    "needs": re.compile(
        r"\b(requir\w*|need to|would need|needs to|must)\b|필요|해야 하며|해야 합니다",
        re.I,
    ),
    "examples": re.compile(
        # (Not a kind named with an article, "often a foundation model, such as an LLM", nor
        # "LLM과 같은 기초 모델": the lesson's category, no model of it named. "…우리 장비에서
        # 모델을 돌리고 싶어요. 강의가 그렇게 쓸 수 있는 모델로 예를 든 건?" had led with it.)
        r"\b(examples?|such as(?! an? )|include|e\.g\.)\b|\b[Ll]ike [A-Z]|예로|예를 들어|예시"
        r"|들 수 있|등이 있"
        # Models named as the choices for a task ("DALL-E and Midjourney are two very known
        # choices", "좋은 선택지가 될 수 있습니다"). (Not "a large variety of choices from
        # GPT-3.5 to GPT-4": the text bullet, near any question about models, had then led.)
        r"|\b(known|great|good) choices?\b|좋은 선택지"
        # ("다음과 같은" is "as follows", not an example.)
        r"|(?<!\S)(?!다음과|이와|LLMs?과)\S+(과|와) 같은"
    ),
    "drawbacks": re.compile(
        # ("requiring": what a choice costs, "A model like LLaMA is available to be used,
        # requiring computational power"; not "requires", which the fine-tuning definition
        # uses for what its training examples are.)
        r"\b(however|not|cannot|limited|limitation|costly|difficult|expensive|require"
        r"|requiring)\b"
        r"|그러나|하지만|않|없|제한|한계|비용이 많이|어렵",
        re.I,
    ),
    # (Negated, a strength is a weakness: "not always optimized for production use",
    # "최적화되어 있는 것은 아니며".) Being open to change is a strength too.
    "advantages": re.compile(
        r"\b(?<!not )(?<!not always )(optimi[sz]ed|easier|better|helpful|cost[- ]effective"
        r"|great|performant|fast)\b|\ballowed to be\b|\bcan be used by anyone\b"
        r"|최적화(?![^.,]*아니)|쉽|더 나은|유용|효율|우수|빠른|좋은|커스터마이징될 수 있"
        r"|매우 능숙"
        r"|누구나 사용할 수",
        re.I,
    ),
    "who": re.compile(
        # ("DALL-E는 Azure OpenAI에서 제공합니다" is the English "offered by".)
        r"\b(researchers?|coined|company|offered by|owned by|owner'?s?)\b"
        r"|연구진|만든|회사|에서 제공|소유자"
        # The analogy's people: "who gets context but can't produce content in the quiz
        # story?" asks for a role, and the RAG section's "company data" had answered.
        r"|\b(reviewer|content creator|colleagues?)\b|검토자|콘텐츠 작성자|동료"
        # (And the one who does both: "someone as well who could create and review the quiz",
        # "퀴즈를 만들고 검토할 수 있는 사람": asked who understands and generates, the
        # reviewer had led.)
        r"|\bsomeone (as well )?who\b|할 수 있는 사람"
        # Whom a product is for ("Azure Machine Learning은 누구를 위한 서비스야?": "데이터
        # 과학자와 ML 엔지니어가 … 관리할 수 있도록 설계된").
        r"|\bdesigned for\b|\b(developers|data scientists|ML engineers)\b|위해 설계|설계된"
        r"|데이터 과학자|엔지니어",
        re.I,
    ),
    "when": re.compile(r"\b(if|when|scenario|only)\b|경우|때|시나리오", re.I),
    # ("Most models are trained on text generation" counts models: not a superlative.)
    "most": re.compile(r"\bthe (most|least)\b|가장", re.I),
    # ("the first version of ChatGPT" is not where to begin.)
    "first": re.compile(r"\bkick[- ]off\b|\bfirst\b(?! version)|시작하기에|먼저", re.I),
    # (Only the English version has a sentence of the kind: "Not all models in the catalog…")
    "all": re.compile(r"\b(all|every)\b", re.I),
    "cost": re.compile(
        # (What must be bought is a cost: running a model yourself "would need to buy
        # equipment… and buy a license", "장비를 구입하고… 라이선스를 구매".)
        r"\b(cost(ly|s)?|cost[- ]effective|expensive|payment|pay-as-you-go|subscription|free"
        r"|charged|buy)\b|비용|비싸|비쌉|결제|구독|무료|종량제|요금|지불|부과|구입|구매",
        re.I,
    ),
    "dataset": re.compile(r"\bdatasets? of\b|\bsuch as (LAION|BookCorpus)|데이터 세트", re.I),
    "input": re.compile(r"\bas inputs?\b|\bconsumed\b|입력으로", re.I),
    "purpose": re.compile(
        # What a kind of model is used for ("These models are often used for text
        # summarization…"), not what it can be used to do after its training data ("…trained
        # on BookCorpus, and can be used to generate new text", which had led "what tasks are
        # text generation models used for?"). ("입력으로 사용할 수 있으며" is the Korean
        # version's only answer to what embeddings feed.)
        r"\bused (for|in)\b|사용됩니다|쓰입니다|사용할 수 있|사용됩|활용"
        # The task bullets name what each model is for: "이미지 생성을 목적으로 한다면,
        # DALL-E와 Midjourney가…", "For this purpose, Whisper-type models…".
        r"|목적으로|\bfor this purpose\b|\baimed at\b",
        re.I,
    ),
    # The endpoints a model is deployed to (a RAG source's "web endpoint" is not one), and
    # which deployment a model allows ("Not all models … available for … pay-as-you-go
    # deployment").
    "deploy": re.compile(r"(?<!web )\bendpoints?\b|\bdeployment\b|(?<!웹 )엔드포인트", re.I),
    "only": re.compile(r"\bjust the\b|\bnothing but\b|불과|뿐입니다"),
    # A process's next step ("the next step is testing them on their data").
    "step": re.compile(r"\bnext step\b|다음 단계", re.I),
    "video": re.compile(r"\bvideo of this lesson\b|동영상을 보려면", re.I),
    # ("…convert text into a numerical form", "…are models that generate images".)
    "produces": re.compile(
        r"\bconvert\w* \w+ into\b|\bmodels that generate\b|\bresults? in a new model\b"
        r"|\w+(으로|로) 변환|생성하는 모델입니다|새로운 모델이 생성",
        re.I,
    ),
    "analogy": re.compile(r"\bimagine your\b|가정해 보겠습니다", re.I),
    "proportion": re.compile(r"\bthe more\b.{0,120}\bthe more\b|[가-힣]수록", re.I),
    "role": re.compile(r"\bis like an?\b|\)과 같아서|\)과 비슷하며", re.I),
    # What comes next names the next lesson ("Head over to Lesson 3…", "3강에서…").
    "next": re.compile(r"\blesson \d+\b|\d+강", re.I),
    # A comparison is made explicit ("To further clarify this distinction…", "Differently
    # from few-shot learning and RAG…", "단발성 학습 및 RAG와는 달리").
    "comparison": re.compile(
        r"\b(distinction|difference|differently from|unlike|whereas|while)\b|구분|차이|달리",
        re.I,
    ),
}


def unit_says(
    kind: QuestionKind, text: str, high_cost: bool = False, low_cost: bool = False
) -> bool:
    """Whether a unit says the kind of thing a question asks for (`UNIT_FEATURES`), with the
    exceptions the patterns alone get wrong:

    - a drawback is not a condition under which an approach is the preferred one ("This
      would be the preferred approach if: … it's not possible to use very long prompts…":
      that "not" is a case for it, and the list had answered "what are the downsides of
      fine-tuning?" over "…but might be costly");
    - asked whether something costs a lot (`high_cost`, `ASKS_HIGH_COST`), what is cheap ("a
      more cost effective and fast solution") is the other side: the same list had answered
      "is fine-tuning expensive?";
    - what an approach requires in people and machines (`_REQUIRES`) is its cost, unless the
      question is after what costs little (`low_cost`, `ASKS_LOW_COST`);
    - asked for the cheapest, only a superlative of low cost says which is most ("the most
      cost-effective approach"), not "GPT-4 being the most expensive"; asked for the dearest,
      the other way round.
    """
    pattern = UNIT_FEATURES.get(kind)
    if pattern is None:
        return False
    if kind == "drawbacks" and _PREFERRED_IF.search(text):
        return False
    if kind == "cost" and high_cost:
        text = _LOW_COST.sub(" ", text)
    # A superlative of the other direction says no "most" the question asks: after the
    # cheapest approach, "GPT-4 being the most expensive" / "GPT-4가 가장 비쌉니다" ranks the
    # dearest ("가장 저렴한 접근은 모델에 정확히 뭘 주는 거야?" had led with the text models'
    # costs over "…가장 비용 효율적인 접근 방식입니다").
    if kind == "most" and low_cost:
        return bool(_MOST_COST_EFFECTIVE.search(text))
    if kind == "most" and high_cost:
        return bool(_MOST_COSTLY.search(text))
    if kind == "cost" and not low_cost and _REQUIRES.search(text):
        return True
    return bool(pattern.search(text))


_DEFINITION_EN = re.compile(
    # (Typed fast: "waht is an embeding", "whats RAG".)
    r"^\s*(?:so\s+)?(?:(?:what|wht|waht|whta|wat)\s*(?:is|are|'s|’s|r)|whats|wats)\s+"
    r"(?:exactly\s+)?(?:an?\s+|the\s+)?(?P<x>[^?]{1,60}?)\s*\??\s*$",
    re.I,
)
# The term first, the question after: "prompt engineering 😅 what's that", "RAG - what is it?"
_DEFINITION_EN_AFTER = re.compile(
    r"^\s*(?P<x>[A-Za-z][\w\- ]{0,40}?)[\W_]*\s*(?:what|whats|wat)\s*(?:is|'s|’s)?\s+"
    r"(?:that|it|this)\s*\??\s*$",
    re.I,
)
# What kind of thing a term is: "Azure AI Studio - is it a library, a model, or what kind of
# thing exactly?", "what sort of product is Azure AI Studio?" (the catalog's list had led).
_WHAT_KIND_OF_THING = re.compile(
    r"^\s*(?P<x>[A-Za-z][\w\- ]{0,40}?)[\W_]*\s*is (?:it|that|this)\b[^?]{0,60}"
    r"\bwhat (?:kind|sort|type) of (?:thing|tool|product|service)\b[^?]{0,20}\??\s*$"
    r"|^\s*what (?:kind|sort|type) of (?:thing|tool|product|service) (?:is|are)\s+"
    r"(?:exactly\s+)?(?:an?\s+|the\s+)?(?P<y>[^?]{1,40}?)(?:\s+exactly)?\s*\??\s*$",
    re.I,
)
# "explain X", "define X", "X 설명해줘": asked to say what a term is, in so many words.
_EXPLAIN_EN = re.compile(
    r"^\s*(?:please\s+)?(?:define|explain|describe|tell me about)\s+(?:what\s+)?(?:an?\s+|the\s+)?"
    r"(?P<x>[^?,]{1,40}?)\s*(?:is|are|means)?\s*(?:please)?\s*[.?!]?\s*$",
    re.I,
)
_EXPLAIN_KO = re.compile(
    # (To whom, and from what: "초등학생한테 임베딩을 강의 내용으로 설명하면?" had got the
    # transfer-learning sentence, not the definition.)
    # (From whose side, and how: "선생님 입장에서 학생들한테 임베딩을 강의 내용으로 어떻게
    # 설명하면 돼?" had got the transfer-learning sentence.)
    r"^\s*(?:[^\s?]+\s(?:입장에서|입장으로)\s+)?(?:[^\s?]+(?:한테|에게|께)\s+)?"
    r"(?P<x>[^?]{1,25}?)\s*(?:이|가|을|를|에 대해서?|에 대해|란|이란)?\s*"
    r"(?:(?:강의 내용으로|강의대로|강의 기준으로|강의에 나온 대로)\s*)?"
    # ("임베딩 짧게 설명 좀", "간단히 설명 부탁해": how long, and the request cut short.)
    r"(?:(?:짧게|간단히|간단하게|쉽게|간략히|짧고 쉽게|어떻게)\s*)?(?:좀\s*)?"
    r"(?:설명해\s*(?:줘|주세요|줄래|봐)|설명(?:하면|한다면|하려면|할까|할 수 있을까)"
    r"(?:\s*(?:돼|될까|좋을까|좋아|되나요|될까요|좋을까요))?"
    r"|설명\s*(?:좀|부탁(?:해|해요|합니다|드려요)?)"
    r"(?:\s*해\s*(?:줘|주세요))?|정의해\s*(?:줘|주세요)"
    # ("BookCorpus 얘기해 줘", as "tell me about BookCorpus": refused, p 0.33.)
    r"|(?:얘기|이야기)\s*(?:좀\s*)?해\s*(?:줘|주세요|줄래|봐))\s*[.?!]?\s*$"
)
# ("BookCorpus에 대해 알려줘": told about it; without "에 대해", "학습 목표 알려줘" asks for the
# goals, not what the words mean.)
_ABOUT_KO = re.compile(
    r"^\s*(?P<x>[^?]{1,25}?)\s*에 대해서?\s*(?:좀\s*)?(?:알려|말해|얘기해|이야기해)\s*"
    r"(?:줘|주세요|줄래)\s*[.?!]?\s*$"
)
_DEFINITION_KO = re.compile(
    r"^\s*(?P<x>.{1,30}?)\s*(?:이란|란|이라는 건|라는 건|은|는|이|가)?\s*"
    # ("머야", "머임": chat's "뭐야", "뭐임" — "임베딩이머야" had got no definition.)
    r"(?:무엇인가요|무엇이에요|무엇입니까|무엇이죠|뭐야|뭐예요|뭐에요|뭔가요|뭐지|뭘까|무엇일까요|뭐임"
    r"|머야|머임|뜻은)?\s*\??\s*$"
)
# "the definition of X", "X의 정의": asked for the definition by name ("공개 모델의 정의를 한
# 문장으로." and "give me the definition of a foundation model" had been read as no kind at
# all, and the open models' other sentences led).
_DEFINITION_OF = re.compile(
    r"^\s*(?:(?:please\s+)?(?:give me|tell me|what(?:'s|’s| is| are))\s+)?(?:the\s+|a\s+)?"
    r"definition of\s+(?:an?\s+|the\s+)?(?P<x>[^?.,]{1,40}?)"
    r"(?:\s+in (?:one|a single) (?:sentence|line))?\s*(?:please)?\s*[.?!]?\s*$"
    r"|^\s*(?P<y>[^?.,]{1,25}?)의\s*정의(?:가|는|를|)\s*(?:한 문장으로|한 줄로|짧게|간단히)?\s*"
    r"(?:뭐야|뭐예요|뭔가요|무엇인가요|알려\s*(?:줘|주세요|줄래)|말해\s*(?:줘|주세요|줄래)"
    r"|설명해\s*(?:줘|주세요))?\s*[.?!]?\s*$",
    re.I,
)
_NOT_DEFINITION = re.compile(
    # ("what's the downside of fine-tuning?" asks for a weakness, not what a downside is.)
    r"\b(difference|used for|good for|answer|challenge|goal|after|next|downsides?|drawbacks?"
    r"|disadvantages?|limitations?|advantages?|benefits?|pros|cons|strengths?|weakness(es)?"
    r"|examples?|catch(es)?)\b|차이|다음|정답|함정",
    re.I,
)
DEFINES = re.compile(
    r"\b(is|are)\s+(a|an|the|models?|process|technique|product|just|like)\b"
    r"|\brefers? to\b|\bcalled\b|\bdefined as\b|, a technique|the so-called"
    r"|입니다|이라고 합니다|라고 합니다|기술인|로 정의|이라고 하|것을 .*이라고",
    re.I,
)
QUIZ_QUESTION = re.compile(
    # ("뭐가 나아?" asks which is better; "뭐가 나와?" what the lesson names.)
    # ("just with better prompts", "the best model for X": a thing described, not which
    # approach is better.)
    # (Not answering as a bot does: "we want the bot to answer from our handbook; when does
    # the chapter say the retrieval approach shines?" had led with the knowledge check.)
    r"\b(quiz|knowledge check"
    r"|(?<!to )answer(?!\s+(from|questions?|queries|with|using|based|our|my|their)\b)"
    r"|(better|best)(?!\s+(prompts?|models?|llms?|data)\b))\b"
    # ("둘 중에" asks which of two; "나중에", "도중에" are later and midway.)
    r"|퀴즈|정답|지식 점검|더 좋|뭐가 나(?!와|오)|(?<![나도집공])중에"
    # The lesson's last question and its explanation are the knowledge check ("마감이
    # 코앞이면 강의 마지막 문제 해설은 어떤 접근을 먼저 보라고 해?" had got fine-tuning).
    r"|(마지막|맨 끝|끝에 있는) 문제|문제 해설|\b(last|final) question\b",
    re.I,
)
# The encoder-decoder analogy is about writing a quiz: "in the quiz-writing analogy, who…",
# "퀴즈 비유에서 글 쓰는 동료는…" ask of the analogy, not of the knowledge check.
_QUIZ_ANALOGY = re.compile(
    r"\b(analog(y|ies)|story|colleagues?|co-?workers?|reviewers?|writers?|writing"
    r"|manager)\b|비유|동료|검토자|작성자|관리자|만드는|만들고|작성|쓰는 사람",
    re.I,
)


def asks_quiz(question: str) -> bool:
    """True when the question asks what the knowledge check asks (which approach is better,
    its answer), not of the analogy whose quiz the colleagues write."""
    said = {m.group(0).lower() for m in QUIZ_QUESTION.finditer(question)}
    if not said:
        return False
    # "Which is better" is the knowledge check's question only of ways to improve results
    # ("is a bigger model always better according to the lesson?" had got its answer line).
    if all(_ONLY_BETTER.fullmatch(w) for w in said) and not _APPROACH_WORDS.search(question):
        return False
    return not (said <= {"quiz", "퀴즈"} and _QUIZ_ANALOGY.search(question))


_ONLY_BETTER = re.compile(r"better|best|더 좋|뭐가 나|중에", re.I)
_APPROACH_WORDS = re.compile(
    r"\b(approach\w*|options?|ways?|methods?|routes?|strateg\w*|rag|fine[- ]?tun\w*|prompt\w*"
    r"|train\w*|retriev\w*|improv\w*|results?)\b"
    r"|방법|접근|옵션|전략|RAG|미세 ?조정|파인 ?튜닝|프롬프트|학습|개선|결과",
    re.I,
)


# What a question sets aside is not what it asks for, nor what it is about: "모델 고를 때 용도
# 말고 또 뭘 따져야 해?" asks what matters besides the purpose, "besides what it's for, what
# else…" the same, "재학습 없이" / "without retraining" asks for a way that is not training
# (training from scratch had answered it), and "strip away the cloud service: what is left of
# a model itself?" or "what is inside a 'model' as opposed to a 'service'?" ask of the model.
# The set-aside words
# (up to three, closed by punctuation in English) are not read for the question's kind, nor
# as its subject.
_SET_ASIDE_EN = re.compile(
    r"\b(?:besides|apart from|aside from|other than|as opposed to|rather than|instead of"
    r"|strip(?:ped|ping)? away|leaving aside|setting aside|without"
    # ("set aside the dashboards and billing: … what is a model at bottom?")
    r"|(?:set|put|leave)\s+aside"
    # ("what does the lesson suggest over fine-tuning?" asks for another approach.)
    r"|(?:suggest|recommend|prefer|pick|choose)s?\s+over"
    # What something is compared with: "what's harder than fine-tuning, per the reading?"
    # asks for another approach (fine-tuning's definition had led).
    r"|(?:harder|easier|cheaper|pricier|costlier|faster|slower|simpler|bigger|smaller|better"
    r"|worse|(?:more|less)\s+(?:expensive|costly|difficult|complex|accurate))\s+than)\s+"
    # (One more when it opens with a wh-word: "besides what they'd use it for, what else…";
    # not "besides BERT what are the examples?", which sets BERT aside and asks for examples.)
    r"(?P<x>(?:(?:what|how|where|who)\s+)?[^\s,;:?.—–]+(?:\s+[^\s,;:?.—–]+){0,3}?"
    # A list of them: "strip away the cloud packaging, the billing and the interface; what is
    # a model at bottom?" sets the billing aside too (it had asked for costs). (Each further
    # item opens with "the", "its" or "their": "besides RAG, what else helps?" is no list.)
    r"(?:,\s+(?:and\s+)?(?:the|its|their)\s+[^\s,;:?.—–]+(?:\s+[^\s,;:?.—–]+)?"
    r"|,?\s+and\s+(?:the|its|their)\s+[^\s,;:?.—–]+(?:\s+[^\s,;:?.—–]+)?)*)"
    r"(?=\s*[,;:?.—–]|\s+-\s|$)",
    re.I,
)
_SET_ASIDE_KO = re.compile(
    # Either of two set aside: "오픈 소스냐 독점이냐 말고, 또 다른 분류는?" (the open-source
    # section's "또 다른 방법" had led).
    r"(?P<w>(?:\S+\s+)?\S+냐\s+\S+냐)\s*(?:말고|외에|빼고|제외하고)(?:\s|,|$)"
    r"|(?P<x>\S+?)(?:은|는|이|가|을|를)?\s*(?:말고|외에|빼고|제외하고|없이|대신에?)(?:\s|$)"
    # What is stripped off: "AI 제품에서 대시보드랑 청구서를 다 떼어 내면, 모델이 결국 뭐라고
    # 해요?" (the proprietary models' price had led, on "청구서").
    r"|(?P<u>(?:\S+\s+)?\S+?)(?:을|를)\s+(?:다\s+|모두\s+|전부\s+)?"
    r"(?:떼어\s*내|떼\s*내|걷어\s*내|벗겨\s*내|벗기|덜어\s*내)(?:면|고)(?:\s|,|$)"
    # What one does not do to it: "모델을 직접 돌리지 않고 클라우드 서비스에 돈을 내면…".
    r"|(?P<y>\S+?)(?:을|를)\s+(?:\S+\s+)?\S+(?:지\s*않고|는\s*대신에?)(?:\s|$)"
    # ("미세 조정보다 더 어려운 건?": what it is compared with.)
    r"|(?P<z>\S+?)보다\s+(?:더\s+)?(?:어렵|어려|비싸|비싼|저렴|쉽|쉬운|복잡|빠르|빠른|싸|싼)"
)


_SET_ASIDE_TRAINING_KO = re.compile(
    r"(?P<v>(?:재|추가\s*)?(?:학습|훈련|미세\s*조정|파인\s*튜닝|튜닝))(?:을|를)?\s*"
    r"(?:시키|하)지\s*않고"
)
"""Training not done, said with its verb: "모델을 새로 학습시키지 않고 질문을 잘 짜는 쪽부터…"
sets training aside as "재학습 없이" does. The object before it ("모델을") is what
`_SET_ASIDE_KO` takes, so this is read apart."""
_SET_ASIDE_OUT_OF_REACH = re.compile(
    r"\b(?:when|if|since|because|where)\s+(?P<t>[^\s,;:?.]+(?:\s+[^\s,;:?.]+)?)\s+"
    r"(?:is|are|seems?)(?:n't|\s+not)\s+(?:feasible|possible|an option|affordable|doable"
    r"|realistic|practical|within reach)\b"
    # (Said outright: "…and fine-tuning is out of the question; what does the lesson suggest
    # instead?")
    r"|\b(?P<r>[\w-]+(?:\s+[\w-]+)?)\s+(?:is|are)\s+(?:out of the question|off the table"
    r"|out of reach|not an option)"
    # ("our fab lab can't afford to fine-tune anything; …")
    r"|\b(?:can't|cannot|can not|couldn't)\s+afford\s+(?:to\s+)?(?P<q>[\w-]+(?:\s+[\w-]+)?)"
    r"|(?P<s>(?:미세\s*|파인\s*)?\S+?)(?:이|가|은|는|(?:을|를)\s+하기(?:가|는)?)\s+(?:어려울\s*(?:때|경우|땐)|어렵다면|어려우면"
    r"|힘들\s*(?:때|땐|경우)|힘들다면|힘들면|불가능(?:할\s*(?:때|경우)|하다면|하면)|안\s*되면"
    r"|안\s*될\s*때)",
    re.I,
)
"""What is out of reach: "which technique does the lesson recommend when fine-tuning isn't
feasible?", "미세 조정이 어려울 때 강의가 권하는 기법은?" ask for another way (fine-tuning's
own conditions had led)."""
_SET_ASIDES = (_SET_ASIDE_EN, _SET_ASIDE_KO, _SET_ASIDE_TRAINING_KO, _SET_ASIDE_OUT_OF_REACH)


def without_set_aside(question: str) -> str:
    """The question without what it sets aside (`set_aside`)."""
    for pattern in _SET_ASIDES:
        question = pattern.sub(lambda m: m.group(0).replace(_aside(m), " ", 1), question)
    return question


def _aside(match: re.Match[str]) -> str:
    groups = match.groupdict()
    return next(g for g in (groups.get(n) for n in "qrstuvwxyz") if g)


def set_aside(question: str) -> list[str]:
    """What a question sets aside ("the cloud service" of "strip away the cloud service:
    what is left of a model itself?", "용도" of "용도 말고 또 뭘 따져야 해?"): not its subject."""
    return [_aside(m) for pattern in _SET_ASIDES for m in pattern.finditer(question)]


QUOTED = re.compile(r"[\"“”]([^\"“”]{20,})[\"“”]")
"""A sentence the student quotes (from the lesson, usually): what they read, not what they
ask. ('The lesson says "… is the most cost-effective approach…" Why is that?' asks why, not
what something costs.)"""


_OF_A_KIND = re.compile(r"\s(단점|장점|한계|약점|강점|이점|문제점|예시|예|비용|가격|용도|차이점?)$")
"""A "term" that ends with the kind of thing asked about it."""


_COMPARATIVE = re.compile(
    r"\b(cheaper|pricier|costlier|faster|easier|simpler|harder|bigger|smaller|better|worse"
    r"|more (expensive|costly|difficult|complex)|less (expensive|costly))\b"
    r"|더 (싸|싼|저렴|비싸|비싼|쉬|쉽|빠르|빠른|어렵|어려|좋|나아|나은)",
    re.I,
)


_THAN = re.compile(
    r"\b(harder|easier|cheaper|pricier|costlier|faster|simpler|more (expensive|costly|difficult"
    r"|complex)|less (expensive|costly))\s+than\b"
    r"|보다\s+(더\s+)?(어렵|어려|비싸|비싼|저렴|쉽|쉬운|복잡|빠르|빠른|싸|싼)",
    re.I,
)
"""More so than something: the question asks what is most so."""
_ASKS_FOR_A_THING = re.compile(
    r"^\s*(what|which)\b|(건|거|게|것은|방법은?|뭐야|뭘까|뭐지|뭐 있어|있어)\s*\??\s*$", re.I
)


_ABLE_AFTER = re.compile(
    r"\b(be able to|able to do|what (can|could|will|should) (i|we|you|students|learners)"
    r" (do|know)|what (i|we|you|students|learners) (can|could|will|should) (do|know))\b",
    re.I,
)


_NUMBER_WORDS = {
    word: n
    for words in (
        "one two three four five six seven eight nine ten",
        "first second third fourth fifth sixth seventh eighth",
        "한 두 세 네 다섯 여섯 일곱 여덟 아홉 열",
    )
    for n, word in enumerate(words.split(), 1)
}
_LESSON_NUMBER = re.compile(
    r"\blesson (?P<a>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\b(?P<b>\d+)(?:st|nd|rd|th) lesson\b"
    r"|\b(?P<c>first|second|third|fourth|fifth|sixth|seventh|eighth) lesson\b"
    # (Not "3 강사", three instructors: "강" with a particle or alone.)
    r"|(?<!\d)(?P<d>\d+) ?강(?=은|는|이|가|에|의|을|를|부터|으로|엔|\s|$|[?.!,])"
    r"|(?P<e>\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열) ?번째 (?:강의|강좌|수업|단원|레슨)",
    re.I,
)


def lesson_numbers(question: str) -> frozenset[int]:
    """The lessons a question names by number ("lesson 3", "the third lesson", "3강", "세 번째
    강의")."""
    out: set[int] = set()
    for match in _LESSON_NUMBER.finditer(question):
        said = next(g for g in match.groups() if g).lower()
        out.add(int(said) if said.isdigit() else _NUMBER_WORDS[said])
    return frozenset(out)


def lessons_in_digits(question: str) -> str:
    """`question` with a lesson named by a spelled-out number written as the course writes it
    ("lesson three", "the third lesson" -> "lesson 3"; "세 번째 강의" -> "3강"): the course
    writes "Lesson 3" and "3강", and "what does lesson three cover?" had been refused."""

    def digits(match: re.Match[str]) -> str:
        for group in ("a", "c"):
            said = match.group(group)
            if said and not said.isdigit():
                return f"lesson {_NUMBER_WORDS[said.lower()]}"
        said = match.group("e")
        if said and not said.isdigit():
            return f"{_NUMBER_WORDS[said]}강"
        return match.group(0)

    return _LESSON_NUMBER.sub(digits, question)


def question_kinds(question: str, lesson: int | None = None) -> set[QuestionKind]:
    """The kinds of answer a question asks for ("examples", "drawbacks", …). `lesson`: the
    number of the lesson asked about, when known; a question naming a later one by number
    asks what comes next ("what is lesson 3 about?" had got lesson 2's outline)."""
    asked = QUOTED.sub(" ", without_set_aside(question))
    kinds = {k for k, p in _KINDS_EN.items() if p.search(asked)}
    kinds |= {k for k, p in _KINDS_KO.items() if p.search(asked)}
    if lesson is not None and any(n > lesson for n in lesson_numbers(asked)):
        kinds.add("next")
    # ("once the team has a shortlist, what comes next?" asks the next step, not lesson.)
    # (Nor does what one can do after the lesson ask what comes after it: those are the
    # learning goals — "what should students be able to do after this lesson?" had got
    # "Head over to Lesson 3".)
    # (Nor a model that keeps learning: "can ChatGPT keep learning from my chats?")
    if "step" in kinds or _ABLE_AFTER.search(asked) or MACHINE_LEARNS.search(asked):
        kinds.discard("next")
    term = defined_term(question)
    # ("파인튜닝 단점이 뭐야?" asks for fine-tuning's drawbacks, not what "파인튜닝 단점" is:
    # read as a definition, fine-tuning's own definition had answered it.)
    if term and not _OF_A_KIND.search(term):
        kinds.add("definition")
    if compared_sides(question):
        kinds.add("comparison")
        # Which of the two is cheaper (better, faster) asks which is the cheapest: the
        # lesson says it in the superlative ("the most cost-effective approach to kick-off
        # with"), and the fine-tuning list's "more cost effective" had led.
        if _COMPARATIVE.search(asked):
            kinds.add("most")
    # What is more so than something else asks for what the lesson says is the most so
    # ("what's harder than fine-tuning?": "…the most difficult and the most complex").
    # (Asked for the thing: "is RAG cheaper than people think?" asks whether.)
    if _THAN.search(question) and _ASKS_FOR_A_THING.search(question):
        kinds.add("most")
    if asked_acronym(question):
        kinds.add("acronym")
    return kinds


_HOW_TO_SAY_END = re.compile(
    r"[,;]?\s*(\b(exactly|briefly|really|actually|again|in short|in a nutshell|in one sentence"
    r"|in (simple|plain|layman'?s|easy) (words|terms|english|language)|for (a )?beginners?"
    r"|(please )?explain (it |that )?(simply|briefly|plainly)|simply)"
    # (Search drops the "쉽게" of "…뭐야? 쉽게 설명해줘": the request is left bare.)
    r"|(?<=[?？])\s*(설명해\s*(줘|주세요|줄래)|알려\s*(줘|주세요))"
    r"|(쉽게|간단히|짧게|한마디로)\s*(말해서?|말하면|설명해\s*줘|알려\s*줘)?)\s*\??\s*$",
    re.I,
)
_BRIEF = re.compile(
    r"\b(in (one|a single|1) (sentence|line)|one[- ]liner|briefly|in a nutshell|tl;?dr)\b"
    # (Not "프롬프트를 짧게 쓰면…": short prompts are a subject, not how to answer.)
    r"|(한|1)\s*(줄|문장)\s*(로|으로)|한마디로|짧게\s*(설명|말해|알려|정리|요약)",
    re.I,
)


def asks_brief(question: str) -> bool:
    """The student asks for it in a sentence ("explain RAG in one sentence", "한 줄로 RAG
    설명해 줘"): the best point alone answers."""
    return _BRIEF.search(question) is not None


_HOW_TO_SAY_KO = re.compile(r"^(쉽게|간단히|짧게|한마디로)\s*(말해서?|말하면)?\s*,?\s*")


_CATEGORY_EN = (
    r"(open[- ]?source|proprietary|closed(?:[- ]source)?|foundation models?|llms?|large language"
    r" models?|services?|encoder[- ]only|decoder[- ]only|encoder[- ]decoder|embedding models?"
    r"|free|paid"
    # The kinds by the output they generate ("is gpt-3.5-turbo a text generation model?").
    r"|(?:text|image|code|text and code) generation|multi-?modal)"
)
_CLASSIFIED = (
    re.compile(
        rf"^\s*(?:is|are|isn'?t|aren'?t)\s+(?P<x>[^?]{{1,40}}?)\s+(?:also\s+|really\s+)?"
        rf"(?:an?\s+|the\s+)?{_CATEGORY_EN}(?:\s+models?)?\s*\??\s*$",
        re.I,
    ),
    re.compile(
        # (A name of two words too: "Stable Diffusion은 오픈 소스야?" had been refused, p 0.19.)
        r"^\s*(?P<x>[^\s?](?:[^?]{0,28}[^\s?])??)(?:은|는|도|이|가)\s+(?:혹시\s+)?"
        r"(오픈\s?소스|독점|상용|폐쇄형|비공개|파운데이션 모델|LLM|대규모 언어 모델|서비스"
        r"|인코더|디코더|무료|유료|텍스트 생성|이미지 생성|코드 생성|멀티모달)"
        r"(?:\s?모델)?\S{0,8}\s*\??\s*$",
        re.I,
    ),
    # "Claude 2 sits in which camp of the open-versus-closed split?" (had been refused): where
    # a thing falls, asked with one of the lesson's kinds.
    re.compile(
        r"^\s*(?P<x>[^?]{1,30}?)\s+(?:sits?|falls?|belongs?|goes|fits?|lands?)\s+"
        r"(?:in|into|under|on|with)\s+(?:which|what)\b[^?]{0,40}?"
        r"\b(?:open|closed|proprietary|foundation|encoder|decoder|services?|embedding|free|paid)\b",
        re.I,
    ),
    # The kind a thing is the lesson's example of, asked as a phrase: "t5 예시로 나온 아키텍처"
    # was refused (p 0.41), "T5는 어떤 아키텍처야?" answered; "the architecture T5 is an
    # example of".
    re.compile(
        r"^\s*(?P<x>[^\s?](?:[^?]{0,28}?[^\s?])??)(?:이|가|은|는)?\s+"
        r"(?:예시|예|사례)로\s+(?:나온|나오는|든|들린|소개된|언급된)\s+"
        r"(?:아키텍처|구조|유형|종류|분류|카테고리|모델 유형)\S{0,8}\s*\??\s*$",
        re.I,
    ),
    re.compile(
        r"^\s*(?:what(?:'s| is)?\s+)?the\s+(?:architecture|kind|type|category)\s+(?:that\s+)?"
        r"(?P<x>[^?]{1,30}?)\s+is\s+(?:given\s+as\s+)?an\s+example\s+of\s*\??\s*$",
        re.I,
    ),
)


# What an answer says when it places a thing in one of the lesson's kinds, by the kind the
# question asks about (the kind or its opposite: asked "open source?", "proprietary" answers).
_PLACED = (
    (
        re.compile(r"open|proprietary|closed|오픈|독점|상용|폐쇄|비공개", re.I),
        re.compile(r"open[- ]?source|proprietary|오픈\s?소스|독점", re.I),
    ),
    (
        re.compile(r"free|paid|무료|유료", re.I),
        re.compile(r"free|paid|subscription|payment|무료|유료|구독|결제", re.I),
    ),
    (
        re.compile(r"foundation|파운데이션", re.I),
        re.compile(r"foundation model|파운데이션 모델|기초 모델", re.I),
    ),
    (re.compile(r"service|서비스", re.I), re.compile(r"service|서비스", re.I)),
    (
        re.compile(r"encoder|decoder|인코더|디코더", re.I),
        re.compile(r"encoder|decoder|인코더|디코더", re.I),
    ),
    (re.compile(r"embedding", re.I), re.compile(r"embedding|임베딩", re.I)),
)


def placed(question: str, term: str, text: str) -> bool:
    """Whether `text` says, in a sentence that names `term`, something of the kind the
    question asks it to be of ("is DALL-E open source?" is not answered by "DALL-E is offered
    by Azure OpenAI"). True for a kind every model of the lesson is of (LLM) and for a
    question that asks of no kind."""
    asked = question.lower().replace(term.lower(), " ")
    for kind, said in _PLACED:
        if kind.search(asked):
            sentences = re.split(r"(?<=[.!?])\s+|\n", text)
            return any(_names(term, s) and said.search(s) for s in sentences)
    return True


EDITION = re.compile(
    r"(?:[-\s](?:turbo|base|large|small|medium|mini|tiny|xl|xxl|instruct|chat|cased|uncased))+$",
    re.I,
)
"""A model's size or edition after its name ("-turbo", "-base", "-large")."""


_MAKERS = (
    (re.compile(r"^(chat)?gpt|^dall-?e|^whisper|^codex", re.I), "OpenAI"),
    (re.compile(r"^claude", re.I), "Claude"),
    (re.compile(r"^(google )?bard|^gemini", re.I), "Bard"),
)
"""Whose models the lesson's named ones are, by their family's name."""


def maker_of(term: str) -> str:
    """The maker's name as the lesson writes it among its examples ("OpenAI models", "Google
    Bard", "Claude 2") for a model of that family ("GPT-4", "DALL-E 3"), else ""."""
    return next((maker for family, maker in _MAKERS if family.search(term.strip())), "")


def name_of(term: str) -> str:
    """A term without its model size or edition: "gpt-3.5-turbo" is GPT-3.5, "BERT-base"
    is BERT ("is gpt-3.5-turbo a text generation model?" and "what is BERT-base good at?"
    had been refused, p 0.001, for naming a model the lesson never writes)."""
    return EDITION.sub("", term) or term


def _names(term: str, text: str) -> bool:
    """`text` writes `term` as a name of its own: "GPT-3" is not named by "GPT-3.5"
    ("Whisper-type" and "BERT가" do name theirs)."""
    pattern = rf"(?<![A-Za-z0-9.-]){re.escape(term)}(?:s|es)?(?![A-Za-z0-9]|\.\d)"
    return re.search(pattern, text, re.I) is not None


def classified_term(question: str) -> str:
    """X in "is X open source?", "is BERT an LLM?", "BERT도 LLM이야?": whether something is
    of one of the lesson's kinds of model, which is what the lesson sorts models by; "" for
    any other question."""
    # A follow-up is asked with the subject it leans on ("is it free? (Whisper)"): "it" is that.
    leaned = re.match(r"^(?P<q>.*?)\s*\((?P<s>[^()]{1,60})\)\s*$", question)
    if leaned:
        question = leaned.group("q")
    for pattern in _CLASSIFIED:
        match = pattern.match(question)
        if match:
            # "Is Claude 2 open source or proprietary?": the thing is "Claude 2"; "is ChatGPT
            # a model or a service?": "ChatGPT".
            first_kind = (
                rf"\s+(?:or\s+)?(?:an?\s+|the\s+)?{_CATEGORY_EN}(?:\s+or)?\b"
                r"|\s+(?:an?|the)\s+\w+\s+or\b"
            )
            thing = re.sub(r"^(?:the|an?)\s+", "", match.group("x").strip(), flags=re.I)
            thing = re.split(first_kind, thing, flags=re.I)[0].strip()
            if _BACK_REFERENCE.fullmatch(thing):
                # "is it free?" names nothing of its own: the subject it leans on, if known.
                return leaned.group("s").strip() if leaned else ""
            return thing
    return ""


_KIND_OR_USE = (
    re.compile(
        # (The particle dropped, as typed fast: "Whisper 뭐에 써?".)
        r"^\s*(?P<x>[^?]{1,30}?)(은|는|이|가|을|를)?\s+"
        r"(?:(?:어떤|무슨)\s+(?:종류의\s+)?(?:모델|도구|서비스|기술)"
        # ("Whisper는 출력 기준으로 어떤 분류야?": a kind, by what it is sorted by.)
        r"|(?:[^\s?]+\s+){0,3}?(?:어떤|무슨|어느)\s+(?:분류|부류|종류|유형|카테고리)(?!의)"
        r"|뭐\s*하는\s+(?:모델|거|건|도구)"
        r"|(?:어디에|(?:어떤|무슨)\s+(?:일|작업|용도)(?:에|로)|무엇에|뭐에|뭘\s+하는\s+데)"
        r"\s*(?:쓰|써|사용)"
        # ("BERT는 뭘 잘해?", as "what is BERT good at?")
        r"|(?:뭘|뭐를?)\s*잘\s*(?:해|하|함)"
        # ("Whisper는 어떤 일을 할 수 있어?", as "what can Whisper do?")
        r"|(?:(?:어떤|무슨)\s+(?:일|작업)(?:을|를)?|뭘|뭐를?|무엇을)\s*할\s*수\s*있"
        # (A use asked with any verb: "Whisper는 어떤 용도로 소개되었나요?" was refused.)
        r"|(?:어떤|무슨)\s+용도)"
    ),
    # ("Whisper의 용도는 뭐야?")
    re.compile(r"^\s*(?P<x>[^?]{1,30}?)의\s+(?:주된\s+|주요\s+)?용도"),
    re.compile(
        r"^\s*what (?:kind|sort|type) of (?:model|tool|service|thing) is (?P<x>[^?]{1,40}?)"
        r"\s*\??\s*$",
        re.I,
    ),
    # ("what job is X good for?", "what tasks are X used for?")
    re.compile(
        r"^\s*what (?:(?:kind|sort|type)s? of )?(?:jobs?|tasks?|work|things?)? ?(?:is|are) "
        r"(?P<x>[^?]{1,40}?) (?:used|good) for\b",
        re.I,
    ),
    # (And what it outputs: "what does Whisper output?")
    re.compile(
        r"^\s*what (?:does|do|can) (?P<x>[^?]{1,40}?) (?:do|output|produce)\s*\??\s*$", re.I
    ),
    # ("what is Whisper for?", "Whisper for what?")
    re.compile(
        r"^\s*what (?:is|are) (?P<x>[^?]{1,40}?) (?:(?:used |good )?for|good at)\s*\??\s*$",
        re.I,
    ),
    re.compile(r"^\s*(?P<x>[^?]{1,30}?) (?:is |are )?(?:used |good )?for what\s*\??\s*$", re.I),
    # ("gpt-4 turbo with vision does what?" was refused, p 0.08.)
    re.compile(r"^\s*(?P<x>[^?]{1,40}?) (?:does|do|can do) what\s*\??\s*$", re.I),
)


# ("X 같은" with its space: "똑같은" is "the same", no example.)
_LIKE_EXAMPLE = re.compile(r"^\S.{0,29}?\s+같은\s+(?=\S)|\s+(?:like|such as)\s+\S.{0,29}$", re.I)


def kind_or_use_term(question: str) -> str:
    """X in "what kind of model is X?", "what is X used for?", "X는 어떤 모델이야?", "X는 어떤
    일에 쓰는 거야?": what sort of thing X is, or what it is for, which the lesson answers for
    each model it names; "" for any other question."""
    # The question is its last sentence; a sentence before it may say what "it" is:
    # "Midjourney came up in our meeting. what job is it good for?" had been refused.
    before, last = _before_last(question)
    for pattern in _KIND_OR_USE:
        match = pattern.match(last)
        if match:
            thing = re.sub(r"^(?:the|an?)\s+", "", match.group("x").strip(), flags=re.I)
            # "GPT-4o 같은 멀티모달 모델", "multimodal models like GPT-4o": the kind asked of,
            # its example aside (the whole phrase is written nowhere in the lesson).
            thing = _LIKE_EXAMPLE.sub("", thing) or thing
            if _BACK_REFERENCE.fullmatch(thing):
                return _one_name(before)
            # ("what can I do?", "what can you do?": asked of the student or of the bot.)
            if re.fullmatch(r"i|we|you|he|she|나|내|저|제|우리|너|네", thing, re.I):
                return ""
            if 0 < len(thing.split()) <= 4:
                return thing
    return ""


def _before_last(question: str) -> tuple[str, str]:
    """A message's sentences before its last one, and its last one (the question)."""
    *before, last = re.split(r"(?<=[.!?])\s+", question.strip())
    return " ".join(before), last


def _one_name(text: str) -> str:
    """The one name `text` writes in Latin letters with a capital ("Midjourney", "GPT-4"), or
    "" when it writes none or several (which one "it" is would be a guess)."""
    names = {
        m.group(0)
        for m in _LATIN_TERM.finditer(text)
        if m.group(0)[0].isupper()
        and m.group(0).upper() not in _CHAT_CAPS
        and m.group(0) not in ("I", "A", "The", "This", "That", "It", "We", "Our", "My")
    }
    return names.pop() if len(names) == 1 else ""


_MADE_FOR = re.compile(r"\s+(designed|built|meant|intended|made|created)( for)?$", re.I)


# A term the question calls by name, "X라는 게 …" / "the term X": "종량제라는 게 정확히 어떻게
# 과금된다는 거야?" asks about the lesson's 종량제 however it goes on (refused, p 0.05; its
# nearest examples, course and off-topic alike, all about billing).
_CALLED_KO = re.compile(
    r"(?:^|\s)(?P<x>(?:[\w.-]+\s)?[\w.-]+?)(?:이라는|라는)\s?"
    r"(?:게|건|것은|것이|거|말은|말이|용어는|용어가|개념은|개념이)(?=\s|$|[?.,])"
)
_CALLED_EN = re.compile(
    r"\bthe (?:term|word|phrase|notion|concept|thing called) ['\"“‘]?"
    r"(?P<x>[\w.-]+(?: [\w.-]+){0,2}?)"
    r"['\"”’]?(?= (?:mean|means|refer|refers|is|exactly|actually|stand|stands)\b|\s*\?)",
    re.I,
)


def called_terms(question: str) -> tuple[str, ...]:
    """The term a question calls by name ("종량제라는 게…", "the term pay-as-you-go…"): the
    word before "라는", and with the word before it ("미세 조정이라는 건"); () when none."""
    match = _CALLED_KO.search(question) or _CALLED_EN.search(question)
    if match is None:
        return ()
    words = match.group("x").split()
    return tuple(dict.fromkeys((" ".join(words), words[-1])))


def defined_term(question: str) -> str:
    """X in "What is X?" / "X란?" / "X가 뭐야?", or "" when the question is not a definition."""
    # A scene set before the question ("우리 뜨개질 모임은 일요일에 모여. 임베딩이 뭐야?" had
    # got the transfer-learning sentence, not the definition): the question asks. (Not one
    # that leans back on the scene: "I read about RAG. what is it?")
    *told, last = SCENE_END.split(question.strip())
    if not told:
        # (A Korean clause that sets the scene ends in "…는데," as an English one ends in a
        # full stop: "회의에서 임베딩이란 말을 계속 듣는데, 강의에서 말하는 임베딩이 정확히
        # 뭐예요?" had got the transfer-learning sentence.)
        *told, last = _KO_SCENE_CLAUSE.split(question.strip())
    if told and last.endswith(("?", "？")):
        term = defined_term(last)
        return "" if _BACK_REFERENCE.search(term) else term
    # "…, in simple words?", "쉽게 말해 …": how to say it, not what to define.
    q = _HOW_TO_SAY_KO.sub("", _HOW_TO_SAY_END.sub("?", question.strip())).strip()
    # ("…임베딩이 정확히 뭐예요?": how exactly, not part of the term.)
    q = _KO_EXACTLY.sub(" ", q)
    # ("임베딩이 뭐야? 쉽게 설명해줘": the request after the question leaves it "…뭐야??".)
    q = re.sub(r"\?(\s*\?)+", "?", q)
    if _NOT_DEFINITION.search(q):
        return ""
    match = _DEFINITION_OF.match(q)
    if match:
        return (match.group("x") or match.group("y")).strip(" ?")
    match = _DEFINITION_EN.match(q) or _DEFINITION_EN_AFTER.match(q)
    if match and len(match.group("x").split()) <= 5:
        # "What is Azure Machine Learning designed for?" asks what it is, which the lesson
        # says with what it is designed for ("a Cloud Platform designed for developers").
        return _MADE_FOR.sub("", match.group("x").split(",")[0].strip(" ?"))
    match = _WHAT_KIND_OF_THING.match(q)
    if match:
        return (match.group("x") or match.group("y")).strip(" ?")
    match = _EXPLAIN_EN.match(q) or _EXPLAIN_KO.match(q) or _ABOUT_KO.match(q)
    if match and len(match.group("x").split()) <= 3:
        return match.group("x").strip(" ?")
    if re.search(r"[가-힣]", q) and re.search(
        r"(이란|란|무엇|뭐|뭔|머|뜻)\s*(인가요|이에요|입니까|이죠|야|예요|에요|가요|지|일까요|임|은)?\s*\??\s*$",
        q,
    ):
        match = _DEFINITION_KO.match(q)
        if match:
            # Where it is asked about comes first ("…비유에서 인코더-디코더 모델은 뭐야?"),
            # and a term is a few words: "그 비유에서 글 쓰는 쪽 모델이 부족한 점은 뭐야?"
            # asks what the writer lacks, not what a long phrase means.
            words = match.group("x").split()
            where = [i for i, w in enumerate(words) if w.endswith(("에서", "에서는", "에서의"))]
            words = words[where[-1] + 1 :] if where else words
            # "LLM 뜻이 뭐야?": the term is LLM, "뜻" (meaning) is what is asked of it.
            if len(words) > 1 and words[-1] in ("뜻", "뜻이", "뜻은", "의미", "의미가", "의미는"):
                words = words[:-1]
            # (Typed without a space: "제로샷뜻".)
            elif words and len(words[-1]) > 1 and words[-1].endswith("뜻"):
                words = [*words[:-1], words[-1][:-1]]
            if 0 < len(words) <= 4:
                return " ".join(words).strip(" ?")
    return ""


_LATIN_TERM = re.compile(r"(?<![\w@#/:.])[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")
_COUNTING = re.compile(
    r"^(\d+(st|nd|rd|th|s|x|k|m|h|am|pm)|v\d+(\.\d+)*"
    r"|\d+-(pages?|days?|hours?|minutes?|seconds?|weeks?|months?|years?|persons?|people"
    r"|members?|seats?|steps?|lines?|words?|miles?|km|rooms?|beds?|floors?|stor(y|ies)"
    r"|chapters?|lessons?|sentences?|paragraphs?|questions?|items?))$",
    re.I,
)
"""Numbers with a unit or an ordinal ("2nd", "10x", "5pm", "a 2,000-page casebook", "a
10-person team") are not names, nor a version tag ("ChatGPT v1": the lesson's "the first
version of ChatGPT"). ("a law school wants students to ask an AI questions about a
2,000-page casebook" had been refused, p 0.03, "000-page" read as a name.)"""
_MANNER = re.compile(r"-(style|like|based|type|ish|powered|sized|family|class)$", re.I)
# "non-OpenAI examples", "non-GPT models": the name is what follows. (As a name of its own,
# "non-OpenAI" was one the lesson never writes, and "…non-OpenAI examples of closed,
# company-owned LLMs…" was refused as asking about it.)
_NEGATED = re.compile(r"^(non|not)-(?=[A-Za-z])", re.I)
_CHAT_CAPS = frozenset(
    "OK OKAY FYI ASAP BTW LOL IMO IMHO TLDR TBH AFAIK IIRC PS AM PM DM THX PLS PLZ QA".split()
    # ("eli5 embeddings": explain like I'm five.)
    + "ELI5".split()
    # An office's and a file's everyday capitals: "my school's IT office", "two columns in
    # my tuning CSV" name no model the lesson leaves out (the CSV question had been refused
    # as naming one).
    + "IT HR CEO CTO CSV TSV JSON JSONL PDF XML YAML HTML URL FAQ".split()
    + "DOC DOCX PPT PPTX XLS XLSX TXT PNG JPG JPEG GIF MP3 MP4 WAV ZIP".split()
    # Titles, teams and the capitals of business: "the CFO asks which GPT model costs the
    # most", "UX 리드가 스크린샷을 이해하는 모델을 원해", "MVP라 예산이 없는데 뭐부터 해?" were
    # refused as naming a model the lesson never writes (a probe of such questions: 12 of 40).
    # ("NLP" is the lesson's "natural language processing", a field, not a model.)
    + "CFO COO CIO CISO CMO CPO VP SVP EVP GM UX UI PM PO TA TL SRE PR".split()
    + "MVP POC KPI KPIS OKR OKRS ROI SLA SLAS B2B B2C SAAS SMB SME NLP".split()
    # A scenario's trade words: "a game studio wants NPC dialogue written on the fly" was
    # refused as naming a model.
    # (CRM, ERP and LMS are among the everyday names below.)
    + "NPC NPCS RPG MMO SEO CMS".split()
    # A classroom's: an "OX 퀴즈" is a true-or-false quiz ("OX 퀴즈: 독점 모델은 검사하고
    # 수정할 수 있다." was refused as naming a model), "TF" the same in English.
    + "OX TF MCQ".split()
    # Everyday papers and gadgets: "a recruiting firm wants to match CVs to job ads by
    # meaning" was refused (p 0.05) as naming a model.
    + "CV ID SMS GPS TV".split()
)
"""Capitals of chat and of everyday work, not names. ("QA" is a team, not a model: "our QA
team…".)"""
_EVERYDAY_NAMES = frozenset(
    name.upper()
    for name in (
        # Where a school's or a company's documents, talk and data already live: a scenario
        # names them as its setting, not as what it asks about. "our policies live in
        # SharePoint; how can the chatbot answer from them without retraining?" and "YouTube
        # 강의 녹음을 글로 바꾸려면 어떤 모델?" were refused as naming a model the lesson never
        # writes (a probe of such questions: 11 of 20). A name without a capital inside
        # ("Notion", "Slack") was never counted.
        "SharePoint OneDrive OneNote PowerPoint PowerShell YouTube WhatsApp LinkedIn TikTok "
        "WeChat KakaoTalk FaceTime iMessage iPhone iPad iOS macOS MacBook iCloud AirPods "
        "PayPal eBay WordPress HubSpot QuickBooks SoundCloud PlayStation GitLab BitBucket "
        "JavaScript TypeScript PostgreSQL MySQL MongoDB SQLite NoSQL GraphQL VSCode "
        "ServiceNow MailChimp SurveyMonkey TeamViewer ClickUp AirTable DevOps "
        # Their all-capital kin: a kind of business system, or a cloud the lesson's Azure
        # stands beside. (Not "SQL": "…pgvector에 저장하는 SQL 예제" is code, off topic, and
        # was accepted batch by batch once "SQL" named nothing.)
        "CRM ERP LMS BI AWS GCP"
    ).split()
)
"""Everyday products and systems with a capital inside, not names of models."""
_NOT_NAMES = _CHAT_CAPS | _EVERYDAY_NAMES
MAX_TERMS = 3
MAX_TERM_CHARS = 40


def named_terms(question: str) -> tuple[str, ...]:
    """The technical names a question writes in Latin letters, as written: a word with a
    digit ("GPT-4", "70B"), a capital after its first letter ("LoRA", "ChatGPT") or in
    capitals only ("RLHF", "GPU"). Everyday words ("memory", "Save") are not names: the
    course has other words for what they mean, and the glossary and search find them.
    At most `MAX_TERMS`, each at most `MAX_TERM_CHARS` long (a reply may quote them)."""
    found: list[str] = []
    words = _LATIN_TERM.findall(question)
    # A question typed in capitals ("WHAT IS RAG") names nothing by its capitals.
    shouting = sum(1 for w in words if w.isupper() and len(w) > 1) > max(2, len(words) // 2)
    for match in _LATIN_TERM.finditer(question):
        # "GPT-style models", "BERT-like": the name is what comes before.
        word = _NEGATED.sub("", _MANNER.sub("", match.group(0).rstrip(".-")))
        letters = re.sub(r"[^A-Za-z]", "", word)
        if not letters or _COUNTING.match(word):
            continue
        # A plural of capitals is the capitals ("a folder of PDFs", "our FAQs").
        single = word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word
        capitals = len(letters) >= 2 and (letters.isupper() or single != word)
        if (capitals and shouting) or single.upper() in _NOT_NAMES:
            continue
        # (A capital that only starts a part of a compound is that word's own: "Korean-English
        # customer calls" names no model, and had been refused as asking about one.)
        named = (
            any(ch.isdigit() for ch in word)
            or capitals
            or any(ch.isupper() for part in word.split("-") for ch in part[1:])
        )
        if named and len(word) <= MAX_TERM_CHARS and word not in found:
            found.append(word)
    return tuple(found[:MAX_TERMS])


# (A full stop ends a side, a decimal point does not: "GPT-3.5" is one side.)
_THEN = r"(?:\?|$|,|\.(?!\d)|;| in | for | when )"
_COMPARED_EN = (
    re.compile(
        # (Typed fast: "whats the diff between…".)
        rf"\b(?:differences?|diffs?) (?:between|of) (?P<a>.+?) (?:and|vs\.?|versus) "
        rf"(?P<b>.+?){_THEN}",
        re.I,
    ),
    re.compile(rf"\bcompare (?P<a>.+?) (?:and|with|to|vs\.?|versus) (?P<b>.+?){_THEN}", re.I),
    re.compile(rf"\bhow (?:is|are|does|do) (?P<a>.+?) differ(?:ent)? from (?P<b>.+?){_THEN}", re.I),
    # ("what makes GPT-4o different from GPT-3.5?" had got only GPT-3.5's text generation.)
    re.compile(
        rf"\bwhat (?:makes|sets) (?P<a>.+?) (?:different|apart) from (?P<b>.+?){_THEN}", re.I
    ),
    re.compile(rf"\bhow (?:does|do) (?P<a>.+?) compare (?:to|with) (?P<b>.+?){_THEN}", re.I),
    # Each of two asked for: "what do Whisper and DALL-E each do?".
    re.compile(
        r"\bwhat (?:do|are) (?P<a>[\w.-]+(?: [\w.-]+)?) and (?P<b>[\w.-]+(?: [\w.-]+)?)"
        r" each\b",
        re.I,
    ),
    re.compile(rf"(?P<a>[\w.-]+(?: [\w.-]+){{0,2}}) (?:vs\.?|versus) (?P<b>.+?){_THEN}", re.I),
    # Which of two is cheaper, better, to be picked: "which is cheaper, prompt engineering or
    # fine-tuning?", "RAG or fine-tuning, which should I use?", "pick between RAG and
    # fine-tuning".
    re.compile(
        r"\bwhich (?:one )?(?:is|would be|should (?:i|we) (?:use|pick|choose|try))\b"
        r"[\w\s-]{0,20}"
        # (Or after a colon: "which is harder: fine-tuning or training from scratch?")
        rf"[,:]\s*(?P<a>[\w.-]+(?: [\w.-]+){{0,2}}) or (?P<b>.+?){_THEN}",
        re.I,
    ),
    re.compile(
        r"^\s*(?P<a>[\w.-]+(?: [\w.-]+){0,2}) or (?P<b>[\w.-]+(?: [\w.-]+){0,2})\s*[,?]\s*which\b",
        re.I,
    ),
    re.compile(
        r"\b(?:pick|choose|decide) between "
        rf"(?P<a>[\w.-]+(?: [\w.-]+){{0,2}}) and (?P<b>.+?){_THEN}",
        re.I,
    ),
    # One weighed against the other: "is fine-tuning cheaper than prompt engineering?" had got
    # fine-tuning's "more cost effective" smaller models, never prompt engineering's cost.
    re.compile(
        # (Not a pronoun: "is it better than nothing?" leans on what was asked before.)
        r"^\s*(?:is|are|would|will|does|do|isn't|aren't)\s+"
        r"(?!(?:it|this|that|they|these|those)\b)(?P<a>[\w.-]+(?: [\w.-]+){0,2}?)\s+"
        r"(?:be\s+)?(?:cheaper|costlier|pricier"
        r"|more (?:expensive|costly|accurate|complex|difficult)"
        r"|less (?:expensive|costly)|better|worse|faster|slower|easier|harder|simpler)"
        # (Than a thing, not than a clause: "is RAG cheaper than people think?")
        r" than (?!(?:people|you|we|i|they|most|many|expected|before|usual|it|that|i'd)\b)"
        rf"(?P<b>.+?){_THEN}",
        re.I,
    ),
)
_COMPARED_KO = (
    re.compile(
        # (The side's last word as short as it can be: "엔지니어링이랑" is 엔지니어링 + 이랑.)
        r"(?P<a>[^\s,]+?(?:\s[^\s,]+?){0,2}?)(?:와|과|랑|이랑|하고)\s+(?P<b>.+?)(?:의|는|은|이|가)?\s*"
        # ("…모델은 정확히 뭐가 달라?": an adverb is not part of the side.)
        r"(?:(?:정확히|정확하게|도대체|대체|실제로|진짜|구체적으로|결국)\s+)?"
        r"(?:차이|비교|뭐가 달라|뭐가 다르|어떻게 달라|어떻게 다르|다른 점)"
    ),
    re.compile(
        r"(?P<a>[^\s,]+(?:\s[^\s,]+)?)\s*(?:vs\.?|VS|versus)\s*(?P<b>[^\s,?]+(?:\s[^\s,?]+)?)"
    ),
    # Which of two: "RAG랑 파인튜닝 중에 뭐가 더 싸?", "프롬프트 엔지니어링과 미세 조정 중
    # 어느 쪽이 나아?".
    re.compile(
        r"(?P<a>[^\s,]+?(?:\s[^\s,]+?){0,2}?)(?:와|과|랑|이랑|하고)\s+"
        r"(?P<b>[^\s,]+(?:\s[^\s,]+){0,2}?)\s*중(?:에서|에)?\s*(?:뭐가|무엇이|어느|어떤|누가)"
    ),
    # One weighed against the other: "미세 조정이 프롬프트 엔지니어링보다 싸?".
    re.compile(
        r"^\s*(?P<a>[^\s,]+(?:\s[^\s,]+){0,2}?)(?:은|는|이|가)\s+"
        r"(?P<b>[^\s,]+(?:\s[^\s,]+){0,2}?)보다\s*(?:더\s*)?"
        r"(?:싸|싼|저렴|비싸|비싼|나아|나은|좋아|좋은|쉬워|쉬운|어려워|어려운|빨라|빠른|느려|정확)"
    ),
    # Each of two asked for: "Whisper랑 DALL-E는 각각 뭐 하는 모델이야?" had got DALL-E's
    # bullet and the image models (both sides are answered as a comparison's are).
    re.compile(
        r"(?P<a>[^\s,]+?(?:\s[^\s,]+?){0,2}?)(?:와|과|랑|이랑|하고)\s+"
        r"(?P<b>[^\s,]+?(?:\s[^\s,]+?){0,2}?)(?:은|는|이|가)?\s*각각"
    ),
    # "파인튜닝은 RAG랑 뭐가 달라?", "파인튜닝이 RAG와 어떻게 달라?": the topic first.
    re.compile(
        r"^(?P<a>[^\s,]+(?:\s[^\s,]+)?)(?:은|는|이|가)\s+(?P<b>[^\s,]+?(?:\s[^\s,]+?)?)"
        r"(?:와는|과는|랑은|이랑은|와|과|랑|이랑|하고)\s*"
        r"(?:뭐가|무엇이|어떻게|어떤 점이)\s*(?:달라|다르|다른)"
    ),
)
# (And a chat's fillers before the first side: "아 그리고 혹시 서비스랑 모델 차이도…" had
# compared "그리고 혹시 서비스" with "모델".)
_SIDE_NOISE = re.compile(
    r"^((the|a|an|just|plain|so|and|also|그냥|단순히|아|어|음|그리고|혹시|그럼|근데|그런데|저기|또)\s+)+"
    # (What is asked of the two, before them: "tl;dr of open vs proprietary?" had read
    # "dr of open".)
    r"|^((tl;?\s?)?dr|summary|recap|overview|rundown|(quick|short) (summary|recap))?\s*"
    r"\b(of|on|about)\s+"
    r"|\s+(models?|모델|llms?|ones)$"
    # (The summary asked of the two: "오픈 소스 vs 독점 세 줄 요약" had read "독점 요약".)
    r"|\s+(요약|정리)(\s*(해\s*(줘|주세요|줄래)|좀|부탁해))?$"
    r"|\s+(차이|차이점|비교)\S*$",
    re.I,
)
# A side by the half of its name students type: "open vs proprietary?" compares open-source
# models (only the proprietary side had been covered).
_SIDE_SHORT = {"open": "open source", "closed": "proprietary", "오픈": "오픈 소스"}


def compared_sides(question: str) -> tuple[str, str] | None:
    """The two things a question compares ("the difference between open source and
    proprietary models", "RAG vs fine-tuning", "서비스와 모델은 뭐가 달라?"), or None. Each side
    as written, without an article or a trailing "models" they share."""
    for pattern in (*_COMPARED_EN, *_COMPARED_KO):
        match = pattern.search(question.strip())
        if match:
            a, b = (_SIDE_NOISE.sub("", match.group(g).strip(" ?.,")) for g in ("a", "b"))
            a, b = (_SIDE_SHORT.get(x.lower(), x) for x in (a, b))
            if a and b and a.lower() != b.lower() and len(a) <= 40 and len(b) <= 40:
                return a, b
    return None


_ACRONYM_ASKED = (
    # (With an adverb between: "what does LLM even stand for?")
    re.compile(
        r"\bwhat (?:does|do) (?P<x>[A-Za-z]{2,6}s?) (?:(?:even|actually|really|exactly|again)"
        r" )?(?:stand|mean) for\b",
        re.I,
    ),
    re.compile(r"\b(?P<x>[A-Z]{2,6}s?) stands? for\b"),
    # Capitals only: "what does this mean" asks nothing of the kind.
    re.compile(r"\bwhat (?:does|do) (?P<x>[A-Z]{2,6}s?) (?:mean|stand for)\b"),
    re.compile(r"\b(?P<x>[A-Z]{2,6}s?)\s*(?:은|는|이|가)?\s*(?:무슨\s*)?뜻"),
    re.compile(r"\b(?:full (?:form|name)|expansion) (?:of )?(?P<x>[A-Za-z]{2,6}s?)\b", re.I),
    re.compile(
        r"\b(?P<x>[A-Za-z]{2,6}s?)\s*(?:은|는|이|가)?\s*(?:뭐의|무엇의|무슨)?\s*(?:약자|약어|줄임말|풀네임)"
    ),
)


def asked_acronym(question: str) -> str:
    """The acronym a question asks to spell out ("what does RAG stand for?", "LLM은 뭐의
    약자야?"), upper case and without a plural s; "" when it asks no such thing."""
    for pattern in _ACRONYM_ASKED:
        match = pattern.search(question)
        if match:
            x = match.group("x")
            x = x[:-1] if len(x) > 2 and x.endswith("s") and x[:-1].isupper() else x
            return x.upper()
    return ""


def spells_out(text: str, acronym: str) -> bool:
    """True when `text` writes the words `acronym` abbreviates ("Retrieval Augmented
    Generation" for RAG, "Large Language Models" for LLM, each word starting with its letter,
    next to each other; "대규모 언어 모델(LLM)")."""
    if len(acronym) < 2:
        return False
    words = r"[\s-]+".join(rf"{re.escape(letter)}[a-z]+" for letter in acronym)
    if re.search(rf"\b{words}", text, re.I):
        return True
    # The Korean version spells it out in Korean with the acronym in brackets: "대규모 언어
    # 모델(LLM)".
    return (
        re.search(rf"[가-힣]+(?:\s[가-힣]+)+\s?\(\s*{re.escape(acronym)}s?\s*\)", text) is not None
    )


_KO_SCENE_CLAUSE = re.compile(r"(?<=[는던]데,)\s+")
"""Between a Korean clause that sets a scene ("회의에서 임베딩이란 말을 계속 듣는데,") and the
question after it."""
_KO_EXACTLY = re.compile(r"(?:^|\s)(?:정확히|정확하게|도대체|대체)\s+")
"""How exactly ("정확히", "도대체"): said before the question word, no part of the term."""
_BACK_REFERENCE = re.compile(
    # (Not the "one" of "one-shot".)
    r"(?<!-)\b(it|its|that|this|they|them|those|these|one)\b(?!-)|그거|그건|그것|이거|이건|저거|거기"
    # "every model there" (not "is there…", "there are…").
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )\bthere\b(?! is| are| was| were|'s)",
    re.I,
)


# A claim someone made, asked whether it holds: "my nephew says GPT-4 is free. true?" (refused,
# p 0.42; "is GPT-4 free?" is answered), "삼촌이 GPT-4는 공짜래. 진짜야?" (p 0.49; "GPT-4는
# 공짜?" 0.96). Who made it is the scene; the claim is the question.
_REPORTED_EN = re.compile(
    r"^(?:(?:my|a|our|the|some|this|one)\s+)?[\w'-]+(?:\s+[\w'-]+){0,3}?\s+"
    r"(?:says?|said|claims?|claimed|thinks?|thought|told me|tells me|insists?|swears?"
    r"|reckons?)(?:\s+that)?\s+(?P<claim>[^.?!]{3,120}?)\s*[.?!,]?\s*"
    r"(?:(?:is (?:that|it|this|he|she) )?(?:true|right|correct|so|accurate|legit)|really"
    r"|for real|(?:does|do) (?:the |this )?(?:lesson|reading|course|chapter) agree"
    r"|(?:is|are) (?:they|he|she) right)\s*\??\s*$",
    re.I,
)
_CLAIM_VERB_EN = re.compile(
    r"^(?P<s>.+?)\s+(?P<v>is|are|was|were|can|cannot|can't|does|do|will|has|have)\s+(?P<r>.+)$",
    re.I,
)
_REPORTED_KO = re.compile(
    r"^(?:\S+\s+){0,2}?\S+(?:이|가|는|은|께서)\s+(?P<claim>.+?)"
    r"(?:래|대|라던데|다던데|라고 (?:하던데|했어|해)|다고 (?:하던데|했어|해))\s*[.,]?\s*"
    r"(?:진짜|정말|맞|사실|그래)\S*\s*\??\s*$"
)


def reported_claim(question: str) -> str:
    """The claim of "<someone> says <claim>. true?" asked as a question of its own ("is GPT-4
    free?", "GPT-4는 공짜?"); "" when the question reports no claim."""
    text = question.strip()
    match = _REPORTED_EN.match(text)
    if match:
        claim = match.group("claim").strip()
        verb = _CLAIM_VERB_EN.match(claim)
        if verb:
            return f"{verb.group('v')} {verb.group('s')} {verb.group('r')}?"
        return f"{claim}?"
    match = _REPORTED_KO.match(text)
    if match:
        return f"{match.group('claim').strip()}?"
    return ""


def split_questions(text: str) -> list[str]:
    """The separate questions of a message ("what is RAG? what is fine-tuning?"), or the
    message alone. Each part must be a question ("그림 모델은 어떤 데이터로 학습시켜? 강의에
    예로 든 데이터 세트가 있었던 것 같은데" is one question and what the student recalls)
    and stand on its own: two words or more, and no pronoun that leans on an earlier part
    ("RAG? what is it?" is one question); at most three parts."""
    parts = [p.strip() for p in re.split(r"(?<=[?？])\s+", text.strip()) if p.strip()]
    if not 2 <= len(parts) <= 3:
        return [text]
    for i, part in enumerate(parts):
        if (
            not part.endswith(("?", "？"))
            or len(part.split()) < 2
            or (i and _BACK_REFERENCE.search(part))
        ):
            return [text]
    return parts


_ELLIPTICAL_WORDS = 4
_KIND_ONLY_WORDS = 7
_THIS_COURSE = re.compile(
    r"\b(this|that) (lesson|chapter|course|module|class|reading)\b|이 (강의|강좌|단원|수업)", re.I
)
_AND_ABOUT = re.compile(
    r"^(?:and|what about|how about|and what about)\s+(?P<x>[^?]{1,40}?)\s*\??$"
    r"|^(?:그럼|그러면)?\s*(?P<ko>[^\s?]+(?:\s[^\s?]+)?)(?:은|는)\s*\?$",
    re.I,
)


ASKS_IF_MENTIONED = re.compile(
    # "does the lesson talk about LLaMA?", "강의에 LLaMA 나와?": whether and where it names
    # something, which the passages that name it answer (the lesson's opening had).
    r"\b(does|do|did|is|will) (the |this )?(lesson|chapter|course|reading)\b.{0,20}"
    r"\b(talk about|mention|cover|discuss|say anything about|include|bring up)"
    r"|(강의|강좌|단원|본문)(에서|에는|에)?\s.{0,30}(나와|나오|다뤄|다루|언급|얘기|이야기)"
    # Or how and where it comes up, the lesson understood ("how is Llama2 mentioned?" had
    # been refused, p 0.31).
    r"|\b(how|where|in what context|why) (is|are|was|were|does|do) [\w .-]{1,30}?"
    r" (mentioned|brought up|referenced|come up|show up|appear)\b",
    re.I,
)

REFERS_TO_LESSON = re.compile(
    # The student points at the lesson's own text: "per the reading", "which bullet covers
    # that?", "in the analogy", "강의에서", "본문", "비유". (Not "this course" / "이 강좌":
    # "how do I get the completion certificate for this course?" is not about its content.)
    r"\b(the|this) (lesson|reading|chapter|text|section)\b|\bbullets?\b"
    # ("does the course say anything about GPUs?": the course's text, asked what it says.)
    r"|\bthe course (says?|said|mentions?|covers?|talks?|discuss(es)?)\b"
    r"|\bthe (analogy|quiz story)\b|강의(에서|에선|에서는|가|에|는|의)|본문|비유"
    # Or asks what was said, in reported speech: "…학습됐다고 나와?", "뭐부터 하라고 해?",
    # "…is cited as the embeddings example?" (not "뭐라고 해?", what something is called, which
    # any question may ask: "내 이름은 영어로 뭐라고 해?").
    r"|(?:다|(?<!뭐)라)고\s?(?:나와|나오|했|해|돼|되어|적혀)[가-힣]{0,3}\s*[?？]?\s*$"
    r"|\b(?:is|are|gets?|got|was|were) (?:mentioned|cited|named|listed|described|given)"
    r" (?:as|for|under)\b"
    # Or names a part of the lesson: its knowledge check ("마지막 확인 문제 보기 중에 정답 번호
    # 알려 줘" had been refused), its closing quiz, the quiz-writing analogy.
    r"|\bknowledge check|지식 ?점검|확인 ?문제"
    r"|\b(?:end-of-(?:the-)?lesson|last|final|closing) quiz\b|(?:마지막|끝에 나오는|끝) ?퀴즈"
    r"|\bquiz(?:-writing)? (?:analogy|story|example)\b|퀴즈 ?(?:비유|이야기|얘기|예시)"
    # Its closing challenge ("whats the homework at the end" had been refused, p 0.16); not
    # a challenge as such ("what's the challenge with RAG?").
    r"|\b(?:challenge|homework|assignment|task)\b[^.?!]{0,40}\b(?:at|in) the (?:very )?end\b"
    r"|\b(?:end-of-(?:the-)?lesson|final|closing) (?:challenge|homework|assignment)\b"
    r"|(?:마지막|끝에 (?:나오는|있는)|강의 끝에?) ?(?:도전 과제|과제|숙제)|도전 ?과제",
    re.I,
)
"""A question about what the lesson says: none of the off-topic examples (214) or the probe's
off-topic questions points at the lesson this way, and 179 in-scope examples do (21 of them
only by reported speech: two had been refused when their batch was left out of the fit)."""


_A_WAY = re.compile(
    r"\b(?:techniques?|approach(?:es)?|methods?|ways?|options?|strateg(?:y|ies))\b"
    r"|방법|기법|접근|선택지",
    re.I,
)
_MODEL_OUTPUT = re.compile(
    r"\b(?:completions?|results?|responses?|outputs?|answers?|performance)\b|결과|응답|답변|성능",
    re.I,
)
_A_MODEL = re.compile(r"\b(?:completions?|LLMs?|models?|GPT\S*|chatbots?)\b|모델|챗봇|LLM", re.I)
_BETTER = re.compile(r"\b(?:improv\w*|better|boost\w*|enhanc\w*)\b|개선|높이|향상|좋게", re.I)


def asks_how_to_improve(question: str) -> bool:
    """Whether a question asks for a way to get better results from a model: the lesson's
    "Improving LLM results" lists the ways ("on a shoestring, which technique should a
    beginner try first for better completions?" had been refused). A way, a model's output,
    a model, and better: none of the off-topic examples or probes asks that."""
    return all(p.search(question) for p in (_A_WAY, _MODEL_OUTPUT, _A_MODEL, _BETTER))


_FABRICATION = re.compile(
    r"\bhallucinat\w*|\bfabricat\w*|\bmak(e|es|ing) (things|stuff|facts|answers) up\b"
    r"|\binvent(s|ing)? (\w+ ){0,2}(facts|answers|policies|prices|numbers|details|sources"
    r"|quotes|citations|rules)\b|환각|지어내|지어낸|지어냄",
    re.I,
)


_AN_AI = re.compile(r"\b(ai|bots?|assistants?|rag)\b|봇|어시스턴트|인공지능", re.I)
# How often a model makes things up is a figure the lesson never gives.
_HOW_OFTEN = re.compile(
    r"\b(rates?|how often|how much|percent(age)?|benchmarks?|scores?)\b|%|비율|얼마나 자주|수치",
    re.I,
)


# Asked how to have fewer of them, with no person in the question: in a course about LLMs,
# "how do I reduce hallucinations?" is asked of a model. (A person's hallucinations come with
# the person, an illness or a drug: "my grandmother's hallucinations at night".)
_FEWER = re.compile(
    r"\b(reduc\w*|prevent\w*|avoid\w*|minimi[sz]\w*|less|fewer|stop\w*|fix\w*|mitigat\w*"
    # (Not a bare "막": "마지막", "막대".)
    r"|cut down)\b|줄이|줄여|줄일|막(는|을|으려|아|으면|기)|방지|없애|피하",
    re.I,
)
_A_PERSON = re.compile(
    r"\b(i|me|my|mine|he|she|his|her|him|child\w*|kids?|baby|son|daughter|mom|mother|dad"
    r"|father|grand\w*|patients?|fever|medication|medicine|drugs?|sleep\w*|dementia|schizo\w*"
    r"|delirium|alcohol|people|person|someone|symptoms?|doctors?|hospitals?)\b"
    r"|아이|아기|아들|딸|엄마|아빠|어머니|아버지|할머니|할아버지|환자|열이|약을|약이|약은|약 |수면"
    r"|치매|술|증상|병원|의사|진료",
    re.I,
)


_WITHOUT_RETRAINING = re.compile(
    r"(재학습|다시 학습|재훈련|추가 학습)\s*(없이|안 하고|하지 않고|안 시키고|시키지 않고)"
    r"|\bwithout (re-?)?train(ing)?\b|\bwithout (fine-?tuning|tuning)\b",
    re.I,
)


def asks_without_retraining(question: str) -> bool:
    """Whether a question asks to get something into a model or a bot without training it
    ("식물 정보가 계절마다 바뀌는데 재학습 없이 반영하는 방법은?" was refused, p 0.38): the
    lesson's RAG and prompt engineering are the ways. A model or an AI must be the subject,
    as for fabrications; no off-topic example or probe asks it."""
    return bool(
        _WITHOUT_RETRAINING.search(question)
        and (_A_MODEL.search(question) or _AN_AI.search(question))
    )


def asks_about_fabrication(question: str) -> bool:
    """Whether a question asks about a model making things up ("how do I stop my chatbot
    hallucinating?", "챗봇 환각을 줄이려면?"): the lesson's RAG "reduce[s] risks of
    fabrications". e5 puts such questions near everyday how-tos (sleep, a loud fan), and
    they had been refused (p 0.12-0.42); no off-topic example or probe asks about a model's
    fabrications. A model or an AI must be the subject: a child's fever hallucinations are
    not the lesson's; having fewer of them, with no person named, is asked of a model (in a
    course about LLMs). How often a model hallucinates is a figure the lesson never gives
    ("what's the hallucination rate of GPT-4?")."""
    # ("how do I reduce …": the asker's "I" is not whose hallucinations they are.)
    unpersoned = re.sub(r"^\s*how (do|can|should|could|would) (i|we)\b", " ", question, flags=re.I)
    return bool(
        _FABRICATION.search(question)
        and (
            _A_MODEL.search(question)
            or _AN_AI.search(question)
            or (
                # (The noun: "how do I stop hallucinating?" is the asker's own.)
                re.search(r"\bhallucinations?\b|\bfabrications?\b|환각", question, re.I)
                and _FEWER.search(question)
                and not _A_PERSON.search(unpersoned)
            )
        )
        and not _HOW_OFTEN.search(question)
        and not asks_figure(question)
    )


ASKS_ABOUT_LESSON = re.compile(
    # What the lesson covers, teaches or leads to: not "what approach does the lesson
    # recommend?", which asks about its subject.
    # (Not what it says about something: "does the lesson say anything about funding?" asks
    # about funding, and the lesson's closing words had been searched for "lesson".)
    r"\b(lesson|chapter|course|module)(s|'s)?\b"
    r"(?!.{0,30}\b(say|says|said|mention|mentions|talk|talks|tell|tells)\b"
    r"( (anything|something|much|a lot|more|little|nothing))? about\b)"
    r".{0,30}\b(cover|teach|about|goals?|objectives?"
    r"|outcomes?|summary|overview|agenda|outline|syllabus|topics)"
    r"|\bwhy\b.{0,60}\b(in|of) (this|the) (lesson|chapter)\b"
    r"|\b(cover|teach|overview of)\b.{0,30}\b(lesson|chapter|course)"
    r"|\bwhat (will|can|should|do) (i|we) (learn|be able)"
    # (Not the objectives the analogy's writer does not understand.)
    r"|(?<!understanding the )(?<!understand the )(?<!get the )\blearning (goals|objectives)"
    # What one will know by the end, with no lesson named ("what will I know by the end?"
    # had got RAG's "they don't know anything about the facts…"; "다 끝나면 뭘 알게 돼?" the
    # approaches' list).
    r"|\bwhat (will|would) (i|we) (know|understand)\b.{0,40}\b(by|at) the end\b"
    r"(?! of (the |this |next )?(day|week|month|year|quarter))"
    r"|^\s*(다 |이거 |이걸 |전부 )?(끝나면|끝내고 나면|마치면|다 들으면|다 배우면|완료하면)\s?"
    r"(\S+\s){0,2}(뭘|무엇을|뭐를|뭐|어떤 걸) (알게|배우|할 수)"
    # A summary of the lesson, or what matters most in it.
    r"|\b(summari[sz]e|sum up|recap|tl;?dr|key (points?|takeaways?)|takeaways?"
    r"|main (points?|ideas?)|most important|(study )?checklist|study guide|highlights)\b.{0,40}"
    r"\b(lesson|chapter|course|module)"
    r"|\b(finish|finishing|finished|complete|completing|completed|after|before)\b.{0,20}"
    r"\b(lesson|chapter|course)|\bprevious (lesson|chapter)"
    # What it promises by its end, or lists at its start ("list one skill I'm promised by
    # the end of this reading", "one of the topics listed at the start of the chapter…"):
    # its goals and its overview, which had lost to units about their subjects.
    # (By its end, not at it: "What is the challenge at the end of the lesson?" asks about
    # the challenge, and ranking it with the lesson's words had put the goals first.)
    r"|\bby the end of (this|the) (lesson|chapter|reading|course|module)\b"
    r"|\b(start|beginning|opening|top|intro(duction)?) of (this|the) (lesson|chapter|reading"
    r"|course|module)\b"
    r"|(강의|강좌|단원|이번 장|이 장|이 과정).{0,15}"
    # (Conjugated too: "강의가 다룬다고 한 첫 번째 주제는?", "다뤘던", "마친 뒤".)
    r"(다루|다룬|다뤄|다뤘|다룰|배우|배운|배웠|배워|목표|내용|끝나|끝난|끝내|마치|마친|마쳐"
    r"|완료|요약|핵심|중요)"
    # (Its start or its overview: "강의 맨 앞 개요에 나온 주제 중…".)
    # (Not "처음부터", from scratch: "강의에서 처음부터 학습시키는 건…" asks about training.)
    r"|(강의|강좌|단원|이번 장|이 장)\S{0,2}\s*(맨\s*)?(앞|처음(?!부터)|첫머리|도입부?|시작 부분)"
    r"|개요에 (나온|나오는|있는|적힌|소개된)"
    r"|배우는|배울|학습 목표(?!\S{0,2}\s*(잘\s*)?(이해|모르|몰라|파악))|이전 (단원|강의|강좌)"
    # The lesson itself asked of ("이 강의에 대해 알려줘", "이 강의는 뭐야?": the sentence
    # after completing it had led).
    r"|^\s*(이 |이번 )?(강의|강좌|단원|장|과정)(에 대해서?|은|는|이|가)?\s*(좀\s*)?"
    r"(알려|소개|설명|뭐야|뭐예요|뭔가요|무엇인가요|어떤)",
    re.I,
)


def _points_back(question: str) -> bool:
    # ("this lesson" points at the course, not back at the earlier question.)
    # ("Midjourney came up in our meeting. what job is it good for?": "it" is the name the
    # sentence before gives, not the earlier question's subject, which the chat had glued on.)
    if _one_name(_before_last(question)[0]):
        return False
    return bool(_BACK_REFERENCE.search(_THIS_COURSE.sub(" ", question)))


def leans_back(question: str) -> bool:
    """True when a question may lean on an earlier one: it points back ("how much does it
    cost?", "그건?"; not "this lesson") or is too short to stand alone ("price?", "예시는?").
    "what does a Midjourney subscription cost per month?" stands alone, and so does a short
    question asking what its own term is ("비트코인이라는 게 뭐야?" after a course question had
    been searched with that question and answered with its passages)."""
    term = defined_term(question)
    if term and not (_BACK_REFERENCE.fullmatch(term) or _POINTER_KO.fullmatch(term)):
        return False
    return _points_back(question) or len(question.split()) <= 3


_POINTER_KO = re.compile(r"(그|이|저)\s?(게|거|건|것|거는|것은)")
"""A Korean pointer asked what it is ("그게 뭐야?"): no term of the question's own."""


def follow_up(
    question: str, earlier: Sequence[str], names_subject: Callable[[str], bool]
) -> str | None:
    """The question with the subject it leans on, when it leans on an earlier one: "what are
    its downsides?" after "what is RAG?" is asked as "what are its downsides? (RAG)"; "예시는?"
    after "오픈 소스 모델이 뭐야?" as "예시는? (오픈 소스 모델)". None when it stands alone (it
    names a subject of its own and points back to nothing) or no earlier question names one.
    `earlier`: the student's earlier questions, oldest first."""
    # "and fine-tuning?", "what about BERT?", "파인튜닝은?": the earlier question again, of
    # another subject.
    # ("그럼 장점은?" asks the earlier subject's strengths: a kind, not a subject.)
    other = _AND_ABOUT.match(question.strip())
    new = (other.group("x") or other.group("ko")).strip() if other else ""
    if new and names_subject(new):
        for previous in reversed(earlier[-3:]):
            subject = question_subject(previous)
            if subject and subject in previous and " / " not in subject:
                # "and the open source ones?" after "…proprietary models": open source models.
                head = subject.split()[-1]
                instead = new
                if len(subject.split()) > 1 and re.search(r"\bones?$", new):
                    instead = re.sub(r"\bones?$", head, new)
                # (The earlier subject's particle goes with it: "RAG가 뭐야?" -> "파인튜닝
                # 뭐야?", not "파인튜닝가".)
                match = re.search(
                    re.escape(subject) + r"(이란|란|이라는|라는|은|는|이|가|을|를)?", previous
                )
                if match:
                    said = _with_particle(instead, match.group(1))
                    return (previous[: match.start()] + said + previous[match.end() :]).replace(
                        "  ", " "
                    )
        return None
    term = defined_term(question)
    if term and not _BACK_REFERENCE.fullmatch(term):
        # A question that asks what its own term is stands alone ("what is one-shot
        # learning?", "what is this lesson about?"); "what is it?" does not.
        return None
    leans = _points_back(question)
    kinds = question_kinds(question)
    if ("next" in kinds or ASKS_ABOUT_LESSON.search(question)) and not leans:
        # What comes next in the course ("what should I study next?") and what the lesson
        # covers ("summarize the lesson") are asked of the course, not of the earlier subject:
        # both had been answered with it again.
        return None
    words = len(question.split())
    # Short, or asking only for a kind of answer ("can you give an example?", "any
    # downsides to watch for?"), and naming nothing of its own.
    elliptical = (
        words <= _ELLIPTICAL_WORDS or (words <= _KIND_ONLY_WORDS and bool(kinds))
    ) and not names_subject(question)
    if not (leans or elliptical):
        return None
    recent = list(earlier[-3:])
    for i in range(len(recent) - 1, -1, -1):
        subject = _subject_of(recent[i], recent[:i], names_subject)
        if subject:
            return f"{question.strip()} ({subject})"
    return None


def _subject_of(question: str, earlier: Sequence[str], names_subject: Callable[[str], bool]) -> str:
    """What an earlier question was about, reading it as it was answered: "when should I use
    it instead of RAG?" after "what is fine-tuning?" was about fine-tuning, not RAG."""
    resolved = follow_up(question, earlier, names_subject) if earlier else None
    if resolved is None:
        return question_subject(question)
    leaned_on = re.search(r"\(([^()]+)\)$", resolved)
    return leaned_on.group(1) if leaned_on else question_subject(resolved)


def _with_particle(word: str, particle: str | None) -> str:
    """`word` where the earlier subject stood with `particle`: "란" / "이란" as this word
    takes it ("임베딩이란", "모델이란"), other particles left out ("파인튜닝 뭐야?")."""
    if not particle:
        return word
    if particle in ("란", "이란"):
        last = ord(word[-1])
        batchim = 0xAC00 <= last <= 0xD7A3 and (last - 0xAC00) % 28 != 0
        return word + ("이란" if batchim or not is_hangul(word[-1]) else "란")
    return word + " "


def question_subject(question: str) -> str:
    """What a question is about, in its own words: the term it asks to define, the two sides
    it compares, or the technical names it uses ("" when none)."""
    term = defined_term(question)
    if term:
        return term
    sides = compared_sides(question)
    if sides:
        return " / ".join(sides)
    return ", ".join(named_terms(question))


_ASKS_NUMBER = re.compile(
    # ("how much context should I put…", "얼마나 어려워?" ask how much, not a number.)
    r"\bhow many\b|\bhow much (more |less )?(does|do|is|will|would|memory|money)\b"
    r"|\bhow (long|old)\b"
    r"|\bwhat(?:'s| is| are) the (price|cost|size|number|maximum|minimum|max|min|dimension"
    r"|length)s?\b|\b(per|a) (token|hour|month)\b"
    # ("예시를 몇 개 들어 줘" asks for a few, not for a number.)
    # ("몇 번 버전?" asks which version: "GPT-4" is its answer.)
    r"|몇 ?(개|번|명|토큰|년|레이어|층|주|시간|달|배|차원|퍼센트|%)"
    r"(?!만?\s*(들어|보여|알려|대 ?봐|꼽아|추천|더|버전))|몇(으로|이야|이에요)"
    r"|얼마(야|예요|에요|인가요|지|쯤|로|나 (들|줄|절약|아껴))|토큰당|시간당",
    re.I,
)
_ASKS_DATE = re.compile(
    r"\bwhen (did|was|were|will)\b|\bwhat year\b|\bwhich year\b|언제 (나왔|출시|발표|공개)"
    r"|몇 년도|출시일",
    re.I,
)
_FIGURE = re.compile(
    # A number of its own ("70", "1,000", "3.5"), not part of a name ("GPT-4", "LAION-5B",
    # "T5", "3강"), or a number word ("one" is too often a pronoun: "which one meets…").
    r"(?<![\w.-])\d+(?:[.,]\d+)*(?![\w-])"
    r"|\b(two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?"
    r"|millions?|billions?|trillions?)\b|하나|수십|수백|수천|수만|억|천만",
    re.I,
)


_ASKS_CODE = re.compile(
    r"\b(write|show|give|share|send)( me| us)? (the |some |a |an )?(python |sample |example "
    r"|working )?(code|snippet|script)\b|\bcode (for|to|that|example|sample|snippet)\b"
    r"|\b(sample|example) code\b"
    # ("코드 짜 주는 모델" is the code generation model, not a request for code.)
    r"|코드(를|좀)?\s*(보여|짜|작성|알려|줘|주세요)(?![^?]{0,6}(모델|ai|툴|도구))"
    r"|짜는 코드|(예제|샘플|예시) 코드|코드 예(제|시)",
    re.I,
)
_CODE = re.compile(r"```|^\s{4}\S", re.M)

# Something to be written for the student (a poem, a joke, a translation): the lesson can be
# quoted on the subject, not turned into one, and the reply should say so. (Not what a model
# writes: "which model writes stories?" asks for text generation.)
_ASKS_WRITING = re.compile(
    r"^(?!.*\b(models?|ai|llms?|tools?|bots?|gpt[\w.-]*|kinds?|types?|categor(y|ies))\b"
    r"|.*(모델|종류|유형|도구|툴))(?:.*?)(?:"
    r"\b(write|compose|make|give|tell)( me| us)? (a |an |some |short |little |funny )*"
    r"(poems?|songs?|haikus?|limericks?|raps?|lyrics|stor(y|ies)|jokes?|essays?|tweets?)\b"
    r"|\btranslate\b.{0,60}\b(into|to) (english|korean|french|german|spanish|italian"
    r"|japanese|chinese|portuguese|russian|arabic|hindi|vietnamese)\b"
    r"|(시|노래|가사|소설|농담|에세이|삼행시|랩)(를|을|\s?한 ?(편|곡|개))?\s?"
    r"(써|지어|만들어)\s?(줘|주세요|줄래|줄 수)"
    r"|(영어|한국어|일본어|중국어|프랑스어|독일어|스페인어)로\s?(번역|옮겨)(해)?\s?(줘|주세요|줄래))",
    re.I,
)


_ASKS_RANKING = re.compile(
    r"\b(which|what)\b.{0,40}\b(better|best|fastest|faster|more accurate|most accurate)\b"
    r"|\b(is|are)\b.{0,40}\b(better|faster|more accurate) than\b"
    r"|\bor\b.{0,30}\b(better|faster)\b"
    # ("…쓰는 게 뭐가 좋아?" asks what is good about it: a strength, not a ranking.)
    r"|(뭐가|어느 (것|게|쪽)이?|어떤 (게|것이)) (더 (나아|낫|좋|빨|빠)|나아|낫)"
    r"|(제일|가장) (좋은|나은|빠른) (건|게|것|모델)",
    re.I,
)
_RANKS = re.compile(
    r"\b(best|better|most|least|fastest|cheapest|preferred)\b|가장|더 나은|최고|선호", re.I
)


def asks_ranking(question: str) -> bool:
    """True when a question asks which of several is better or best ("is Midjourney better
    than DALL-E?", "코파일럿이랑 ChatGPT 중에 뭐가 나아?")."""
    return bool(_ASKS_RANKING.search(question))


# A phrase in quotes, of a few words: what someone typed or read, not the asking.
_QUOTED_PHRASE = re.compile(r"['\"“”‘’]([^'\"“”‘’]*\s[^'\"“”‘’]*)['\"“”‘’]")


def asks_writing(question: str) -> bool:
    """True when a question asks the bot to write something of its own on a subject ("write
    me a poem about RAG", "translate 'fine-tuning' into French", "RAG로 삼행시 지어 줘"). A
    request quoted as an example prompt ("a teammate typed just 'Translate to French: cheese'
    with no examples") asks nothing of the bot."""
    return bool(_ASKS_WRITING.search(_QUOTED_PHRASE.sub(" ", question)))


def asks_code(question: str) -> bool:
    """True when a question asks for code ("랭체인으로 RAG 파이프라인 짜는 코드 보여줘")."""
    return bool(_ASKS_CODE.search(question))


def asks_figure(question: str) -> str:
    """ "date" when a question asks when something happened ("when did Anthropic release
    Claude 2?"), "number" when it asks how many or how much ("GPT-4의 컨텍스트 길이는 몇
    토큰이야?"); "" otherwise."""
    if _ASKS_DATE.search(question):
        return "date"
    return "number" if _ASKS_NUMBER.search(question) else ""


def gives_figure(text: str) -> bool:
    """True when `text` states a number or a year of its own (see `_FIGURE`); an answer's
    citation marks ("[1]") are not figures."""
    text = re.sub(r"\[\d+\]", "", text)
    # A name's number is not a figure: "Claude 2", "Lesson 3", "Llama 2".
    text = re.sub(r"\b[A-Z][\w-]*\s\d+(?:\.\d+)?\b", "", text)
    return bool(_FIGURE.search(text))


# (Not "may": "they may not be maintained" is no date.)
_DATE = re.compile(
    r"\b(1[89]|20)\d{2}\b|\b(january|february|march|april|june|july|august|september"
    r"|october|november|december)\b|\d+\s*(년|월)",
    re.I,
)


def gives_date(text: str) -> bool:
    """True when `text` states a year or a month: "billions of parameters" is a figure, but
    no answer to "when was the term foundation model coined?"."""
    return bool(_DATE.search(re.sub(r"\[\d+\]", "", text)))


FIGURE_NOTES = frozenset({"no_number", "no_date"})


def missing_from(question: str, text: str) -> list[tuple[str, dict[str, str]]]:
    """What the question asks that the answer `text` does not give, each as a note's key
    and its values: a number or a date (`asks_figure`), code, which is better, whether a
    thing the answer never names is of a kind ("is Whisper open source?"), what an acronym
    the answer never spells out stands for ("what does GPT stand for?"). The closest passage
    is then no answer to that, and the student should be told. Empty for an empty answer."""
    if not text:
        return []
    out: list[tuple[str, dict[str, str]]] = []
    figure = asks_figure(question)
    if figure and not (gives_date(text) if figure == "date" else gives_figure(text)):
        out.append(("no_date" if figure == "date" else "no_number", {}))
    if asks_code(question) and not _CODE.search(text):
        out.append(("no_code", {}))
    elif asks_writing(question):
        out.append(("no_writing", {}))
    if asks_ranking(question) and not _RANKS.search(text):
        out.append(("no_ranking", {}))
    term = classified_term(question)
    # (An edition is said of as its name: "is gpt-3.5-turbo a text generation model?" is
    # answered by the sentence naming GPT-3.5.)
    named = name_of(term)
    if term and (not _names(named, text) or not placed(question, named, text)):
        out.append(("not_said_of", {"term": term}))
    acronym = asked_acronym(question)
    if acronym and not spells_out(text, acronym):
        out.append(("not_spelled_out", {"acronym": acronym}))
    return out


@dataclass(frozen=True, slots=True)
class Sides:
    """The sides of one of the lesson's contrasts: which one a question asks about, and which
    ones a passage names. Their passages share a section and most words, so that the words
    and e5 alone often put the other side's passage first."""

    said: tuple[tuple[str, re.Pattern[str]], ...]
    """How a passage names each side."""
    asked: tuple[tuple[str, re.Pattern[str]], ...]
    """How a question names each side (by name, and by role or example where the lesson
    gives them)."""
    whole: tuple[str, re.Pattern[str]] | None = None
    """A side whose name holds another's ("encoder-decoder" is never "decoder" too): found
    first, then taken out."""
    opening: int | None = None
    """How much of a passage's start names its side (its subject, not a later comparison);
    None: all of it."""

    def _found(self, text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> set[str]:
        found: set[str] = set()
        if self.whole is not None and self.whole[1].search(text):
            found.add(self.whole[0])
            text = self.whole[1].sub(" ", text)
        found.update(name for name, pattern in patterns if pattern.search(text))
        return found

    def in_passage(self, text: str) -> frozenset[str]:
        """The sides a passage names."""
        return frozenset(self._found(text[: self.opening] if self.opening else text, self.said))

    def in_question(self, question: str) -> frozenset[str]:
        """The sides a question names: the one it asks about, or those it compares."""
        return frozenset(self._found(question, self.asked))


ARCHITECTURES = Sides(
    # The analogy's three architectures, by the names it gives them (and the Korean scene
    # that opens the encoder-decoder's passage, a sentence of its own: "퀴즈를 만들고 검토할
    # 수 있는 사람이 있다고 상상해 보세요." had led a question about the other two roles).
    said=(
        ("encoder-decoder", re.compile(r"create and review|만들고 검토", re.I)),
        (
            "decoder-only",
            re.compile(r"decoder[- ]only|decoder models?|디코더 전용|디코더 모델", re.I),
        ),
        (
            "encoder-only",
            re.compile(r"encoder[- ]only|encoder models?|인코더 전용|인코더 모델", re.I),
        ),
    ),
    # A question also names one by the analogy's role or by the models the lesson gives as
    # its examples ("the quiz reviewer", "GPT-3 같은 쪽", "BART and T5"). (A Latin name may
    # carry a Korean particle: "BART랑", "BERT는".)
    asked=(
        (
            "encoder-decoder",
            re.compile(
                r"(?<![a-z])(bart|t5)(?![a-z0-9])|바트"
                r"|\b(create|write|writes|creates) and (review|check)s?"
                r"|만들고 검토|쓰기와 검토|작성과 검토|출제(랑|와|하고) 채점"
                # One person with both abilities, described: "만드는 것과 검토하는 것 둘 다
                # 잘하는", "문제도 내고 검수도 하는", "both writes and reviews".
                r"|(만들|만드는|쓰는|작성|출제|내는)\S*\s*(것|거|일)?\S*\s*(과|와|랑|하고)\s*"
                r"(검토|검수|채점)\S*\s*(것|거|일)?\S*\s*(둘 ?다|모두)"
                r"|(문제|퀴즈|글|내용|콘텐츠)\S*도 (내|만들|쓰|작성)\S*\s*(검토|검수|채점)\S*도"
                r"|\bboth (write|create|writes|creates) and (review|check)s?"
                r"|\b(writes?|creates?) as well as (reviews?|checks?)",
                re.I,
            ),
        ),
        (
            "decoder-only",
            re.compile(
                # (GPT-3, not GPT-3.5: a text generation model the lesson prices.)
                r"(?<![a-z])decoder(?![a-z])|디코더|gpt[- ]?3(?![.\d])|\bgpt (family|models)"
                r"|\bgpt[- ](style|like|type|ish)\b"
                r"|gpt ?(계열|류|제품군|패밀리)"
                r"|content creator|\bwriters?\b"
                r"|콘텐츠 작성|작성자|글 쓰는 (사람|동료|쪽)|내용을 쓰는"
                # Writing without understanding, described ("writes well but can't grasp the
                # topic", "글은 잘 쓰는데 이해는 못 하는").
                r"|이해(는|를|하는 (건|것|데는?))\s*(잘 )?못"
                r"|\b(writes?|creates?|writing|creating)\b[^?]{0,40}\b(can'?t|cannot|doesn'?t"
                r"|not good at|bad at) (understand|understanding|grasp|review|reviewing)\b",
                re.I,
            ),
        ),
        (
            "encoder-only",
            re.compile(
                r"(?<![a-z])encoder(?![a-z])|인코더|(?<![a-z])bert(?![a-z])|버트|\breviewer\b"
                r"|checks? (the )?answers"
                r"|검토자|검토 담당|검토하는 (사람|동료|쪽)|검토 역할"
                # Understanding without writing, described: "내용을 이해만 하고 글은 잘 못
                # 쓰는 사람", "understands the answers but can't write".
                r"|이해만|(글|내용|콘텐츠)\S*\s*(잘 )?못 (쓰|만들|작성)"
                r"|생성(하는 데는|은|을|는) (잘 )?못"
                r"|\b(understands?|reviews?|checks?)\b[^?]{0,40}\b(can'?t|cannot|doesn'?t"
                r"|not good at|bad at) (write|writing|create|creating|produce|producing"
                r"|generate|generating)\b",
                re.I,
            ),
        ),
        # A role described by what the model does ("only reads and never writes",
        # "understands a sentence and then produces a new one"), as the glossary's tasks
        # read it: one definition, so that the unit on that side is preferred as well as
        # looked for.
        ("encoder-only", ENCODER_ONLY_ROLE.telltale),
        ("decoder-only", DECODER_ONLY_ROLE.telltale),
        ("encoder-decoder", ENCODER_DECODER_ROLE.telltale),
    ),
    whole=(
        "encoder-decoder",
        re.compile(r"encoder-decoder|encoder decoder|인코더-?\s?디코더", re.I),
    ),
)

OUTPUTS = Sides(
    # The kinds of model by what they produce (and the overview's kinds by purpose). Their
    # passages share "…models are models that generate…" and "These models are often used
    # for…", so e5, the words and the nearest questions' answers put one kind's uses before
    # another's: "image generators are typically put to work on which jobs?" had led with
    # text generation's, once a question about those joined the examples. A passage is on
    # the side it opens with ("Image generation models are…", "- **Text generation**.");
    # one that names a kind later ("…like embedding models") is on no side.
    said=(
        ("embedding", re.compile(r"^[\s*-]*(embeddings?(?![a-z])|임베딩)", re.I)),
        ("image", re.compile(r"^[\s*-]*(image generation|이미지 생성)", re.I)),
        ("text", re.compile(r"^[\s*-]*(text (and code )?generation|텍스트 (및 코드 )?생성)", re.I)),
        ("code", re.compile(r"^[\s*-]*((text and )?code generation|(텍스트 및 )?코드 생성)", re.I)),
        ("audio", re.compile(r"^[\s*-]*(audio and speech|오디오 및 음성)", re.I)),
        ("multimodal", re.compile(r"^[\s*-]*multi-?modality", re.I)),
    ),
    # By the kind's name, the student's names for it, and the lesson's examples of it (not
    # "달리": it is also Korean for "unlike").
    asked=(
        ("embedding", re.compile(r"embedd?ings?|임베딩", re.I)),
        (
            "image",
            re.compile(
                r"\b(image|picture|art|illustration)[- ]?(generat\w*|models?|makers?|making"
                r"|creators?|tools?)\b|이미지 (생성|모델)|그림(을)? (그리|생성|만드)"
                r"|dall[- ]?e|midjourney|stable diffusion|스테이블 디퓨전",
                re.I,
            ),
        ),
        (
            "text",
            re.compile(
                r"\btext[- ]?(generat\w*|models?)\b|텍스트 (생성|모델)"
                # Described by what it does: "글 써 주는 모델", "models that write text".
                r"|글(을)? ?(써 ?주는|쓰는|작성하는|생성하는|만드는|만들어 ?내는) 모델"
                r"|\bmodels? that (write|writes|generate|generates) (text|prose|essays)\b",
                re.I,
            ),
        ),
        ("code", re.compile(r"\bcode[- ]?(generat\w*|models?)\b|코드 생성|codeparrot", re.I)),
        (
            "audio",
            re.compile(r"whisper|speech|audio|transcri\w*|음성|오디오|받아 ?(쓰|적)", re.I),
        ),
        ("multimodal", re.compile(r"multi-?modal\w*|멀티 ?모달|gpt-4o|with vision", re.I)),
    ),
)

WANTS_OPEN = re.compile(
    r"(?<!not )(?<!n't )(?<!never )"
    r"\b(can|could|be able to|are able to|allowed to|lets? us|let them)"
    # (With its asker between: "can i inspect gpt-4's weights" had got text generation.)
    r"( i| we| you| they| one| our team)? (inspect|modify|customi[sz]e|tweak|audit|look inside"
    r"|see inside)\b"
    r"|(내부를? |안을? )?(검사|점검|수정|커스터마이징|커스터마이즈|들여다보|뜯어보)\S*\s?"
    r"(할 ?수 있|볼 ?수 있|가능한)"
    # Or needing to look inside: "보안팀이 모델 내부를 직접 점검해야 한대. 오픈소스랑 독점 중
    # 뭐가 맞아?" had led with the proprietary models, "not allowed to be inspected". (Not a
    # need to modify: "프롬프트를 수정해야 하나요?" is about the prompt.)
    r"|(?<!not )(?<!n't )(?<!never )\b(must|need to|needs to|have to|has to)"
    r"( i| we| you| they)? (inspect|audit|look inside|see inside)\b"
    r"|(검사|점검|들여다보|들여다봐|뜯어보|뜯어봐)(해|아|야)?야 ?(해|하|한|돼|된)",
    re.I,
)
"""Wanting what only open-source models allow ("models they can inspect", "내부를 검사할 수
있는 쪽"): the question asks about that side, whatever else it names ("can't let a vendor
see client files" names the proprietary side's vendor, and its paragraph, "not allowed to be
inspected", had led)."""

ASKS_LICENCE = re.compile(
    r"^(?=.*(\b(can|could|may|allowed|possible|able)\b|수 있|가능|돼\?|되나|될까))"
    r".*(\b(inspect\w*|modif(y|ied|ies|ying)|customi[sz]\w*|tweak\w*|audit\w*|rework\w*"
    r"|look inside|see inside|open (it |them )?up|see (the |its )?(weights|internals|source))\b"
    r"|검사|점검|수정|커스터마이징|커스터마이즈|들여다보|들여다볼|뜯어보|뜯어고치|뜯어고쳐)",
    re.I,
)
"""Whether a model may be opened up and changed, asked ("can i inspect gpt-4's weights",
"Bard를 뜯어고칠 수 있어?"): what the lesson's open-source and proprietary models are told
apart by (`bot.rag.search` answers it of a model the lesson names)."""

LICENCES = Sides(
    # Open-source and proprietary models. A passage is on the side its opening names
    # ("Open-source models are…", "독점 모델은…"): the open models' paragraph compares them
    # with proprietary ones further on.
    said=(
        ("open-source", re.compile(r"open[- ]source|오픈 소스", re.I)),
        ("proprietary", re.compile(r"proprietary|독점", re.I)),
    ),
    # Asked by the side's name, as the glossary gives the course's word for a student's
    # ("closed model", "벤더", "공개 모델": the question is read with its expansions), or in
    # words it does not map ("community LLMs", "open models"); not by a model's name:
    # "self-hosting LLaMA sounds free. what's the catch?" asks about running a model, and
    # the open models' definition then led.
    asked=(
        (
            "open-source",
            re.compile(
                r"open[- ]?source|오픈 ?소스|publicly (released|available)"
                r"|community (llm|model)s?|\bopen (models?|llms?|weights?)\b"
                # ("the hackathon rules say only openly available models; which examples from
                # the chapter qualify?" had led with the proprietary models' examples.)
                r"|\b(openly|freely) (available|released|downloadable)\b"
                # ("our co-op is tempted by free models; what production downside does the
                # reading flag?" had led with the proprietary ones, "not always … for free".)
                r"|\bfree (models?|llms?)\b|무료 (모델|LLM)",
                re.I,
            ),
        ),
        ("proprietary", re.compile(r"proprietary|독점|\bclosed (llm|ai)s?\b|폐쇄형", re.I)),
    ),
    opening=40,
)
