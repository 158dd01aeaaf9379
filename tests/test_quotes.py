"""Quotes: direct, reported and mixed statements; speakers, sources and hedges (tables)."""

from __future__ import annotations

import pytest

from khabar.model import Document, Entity, Mention, Quote, Span
from khabar.pipeline import build_pipeline
from khabar.quotes.stage import QuoteStage, find_quotes

TEXT_STAGES = ["khabar.text.stages:SentenceStage", "khabar.text.stages:TokenStage"]


@pytest.fixture(scope="module")
def pipe():  # type: ignore[no-untyped-def]
    return build_pipeline([*TEXT_STAGES, "khabar.quotes.stage:QuoteStage"])


def quotes_of(pipe, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    return list(pipe(text).quotes)


def only(pipe, text: str) -> Quote:  # type: ignore[no-untyped-def]
    found = quotes_of(pipe, text)
    assert len(found) == 1, [(q.kind, q.text) for q in found]
    return found[0]


# -- direct quotes: every style of marks, content without the marks ------------------------
DIRECT = [
    ("قال بوتين: «روسيا مستعدة للتعاون».", "روسيا مستعدة للتعاون"),
    ("قال بوتين: “روسيا مستعدة للتعاون”.", "روسيا مستعدة للتعاون"),
    ('قال بوتين: "روسيا مستعدة للتعاون".', "روسيا مستعدة للتعاون"),
    ("قال بوتين: ‹روسيا مستعدة للتعاون›.", "روسيا مستعدة للتعاون"),
    ("قال بوتين: „روسيا مستعدة للتعاون“.", "روسيا مستعدة للتعاون"),
    ("قال بوتين: «روسيا مستعدة للتعاون”.", "روسيا مستعدة للتعاون"),  # mixed pair
    ('قال بوتين: "روسيا مستعدة للتعاون”.', "روسيا مستعدة للتعاون"),  # mixed pair
    ('وقال المتحدث باسم الحركة "الفصائل ستلتزم بالتهدئة".', "الفصائل ستلتزم بالتهدئة"),
    ('وقال إن "فكرة البرنامج كانت إنشاء أوركسترا".', "فكرة البرنامج كانت إنشاء أوركسترا"),
    ("وأضاف: »تتضمن التعديلات عشر دوائر«.", "تتضمن التعديلات عشر دوائر"),  # reversed
    ('وقال الوزير إن "لارا ترأست فرعا لحركة "بي دي إس" في أمريكا. لن نسمح بدخولها".',
     'لارا ترأست فرعا لحركة "بي دي إس" في أمريكا. لن نسمح بدخولها'),  # nested marks
    ("قال: «نحن مع “السلام” دائما».", "نحن مع “السلام” دائما"),
    ('أوضح د. الزهراني: "الأقسام تكتظ في العيد".', "الأقسام تكتظ في العيد"),  # «د.»
]


@pytest.mark.parametrize(("text", "content"), DIRECT)
def test_direct_quote_content_without_marks(pipe, text: str, content: str) -> None:
    quote = only(pipe, text)
    assert quote.kind == "direct"
    assert quote.text == content
    assert text[quote.start:quote.end] == content


def test_unclosed_quote_ends_at_its_paragraph(pipe) -> None:
    text = "قال بوتين: “لهذا السبب جئنا إلى هنا. إنهم يحاولون أيضا.\nويقول خبراء إن الأمر مختلف."
    found = quotes_of(pipe, text)
    assert found[0].kind == "direct"
    assert found[0].text == "لهذا السبب جئنا إلى هنا. إنهم يحاولون أيضا."
    assert found[0].speaker is not None and found[0].speaker.text == "بوتين"
    assert found[1].kind == "indirect" and found[1].text == "الأمر مختلف"


def test_quote_over_two_paragraphs_keeps_its_speaker(pipe) -> None:
    text = ("وقال الحاكم ميخائيل ديجتياريف إن كيم زار المصنع.\n"
            "وقال: “لقد حاربنا معا ضد النزعة العسكرية”.\n"
            "“أنا متأكد من أن بلداننا ستواصل التعاون.”\n"
            "ورافق الوزير كيم إلى المصنع.")
    found = quotes_of(pipe, text)
    assert [q.kind for q in found] == ["indirect", "direct", "direct"]
    assert found[2].text.startswith("أنا متأكد")
    assert found[2].cue is None
    assert found[1].speaker == found[2].speaker
    assert found[1].speaker is not None and "ديجتياريف" in found[1].speaker.text


# -- reported speech: verbs in all forms, complementisers, clause ends ---------------------
REPORTED = [
    ("قال بوتين إن روسيا مستعدة للتعاون.", "قال", "بوتين", "روسيا مستعدة للتعاون"),
    ("وقالت الوزارة إن الوضع مستقر.", "وقالت", "الوزارة", "الوضع مستقر"),
    ("ويقول الخبراء إنه سيطلب المساعدة.", "ويقول", "الخبراء", "سيطلب المساعدة"),
    ("لكن آخرين يقولون إن روسيا ستفعل ذلك.", "يقولون", "آخرين", "روسيا ستفعل ذلك"),
    ("وأكد الشهود أن الطيران قصف أرضا زراعية.", "وأكد", "الشهود", "الطيران قصف أرضا زراعية"),
    ("وأشار الوزير إلى أن المحادثات مستمرة.", "وأشار", "الوزير", "المحادثات مستمرة"),
    ("وأفاد المصدر بأن القوات انسحبت.", "وأفاد", "المصدر", "القوات انسحبت"),
    ("وأضاف الوزير ألا دليل على تغيير.", "وأضاف", "الوزير", "دليل على تغيير"),
    ("وقال تلفزيون سي.إن.إن ترك إن ثلاثة أصيبوا.", "وقال", "تلفزيون سي.إن.إن ترك",
     "ثلاثة أصيبوا"),
    ("أوضح د. الزهراني أن الأقسام تكتظ في العيد.", "أوضح", "د. الزهراني",
     "الأقسام تكتظ في العيد"),
    ("وحذر وزير الوحدة من أن النقل سيؤدي إلى رد أقوى.", "وحذر", "وزير الوحدة",
     "النقل سيؤدي إلى رد أقوى"),
    ("ولفت الاتحاد إلى أن الفريق سيتكفل بالتكاليف.", "ولفت", "الاتحاد",
     "الفريق سيتكفل بالتكاليف"),
    ("وشددت السفيرة على أنه يجب محاسبة القادة.", "وشددت", "السفيرة", "يجب محاسبة القادة"),
    ("بوتين قال إن العلاقات ممتازة.", "قال", "بوتين", "العلاقات ممتازة"),
    ("ونفت الحكومة أن تكون قد تلقت أي طلب.", "ونفت", "الحكومة", "تكون قد تلقت أي طلب"),
    ("وأوضحوا أن موقعين آخرين استهدفا أيضا.", "وأوضحوا", None, "موقعين آخرين استهدفا أيضا"),
    ("وقالت هذه المصادر إن الدول أيدت الخطة.", "وقالت", "هذه المصادر", "الدول أيدت الخطة"),
    ("وقال هؤلاء الخبراء إن الخطة فشلت.", "وقال", "هؤلاء الخبراء", "الخطة فشلت"),
]


def test_demonstrative_role_refers_to_the_last_speaker() -> None:
    import khabar  # the whole pipeline: the speaker is linked to an entity

    found = khabar.analyze("وقال الرئيس الروسي فلاديمير بوتين إن المحادثات مثمرة. "
                           "وأضاف هذا المسؤول أن الخطة فشلت.").quotes
    assert [q.speaker.text for q in found if q.speaker] == [
        "الرئيس الروسي فلاديمير بوتين", "هذا المسؤول"]
    assert found[1].speaker is not None and found[1].speaker.kind == "role"
    assert found[1].speaker.entity == found[0].speaker.entity is not None  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "cue", "speaker", "content"), REPORTED)
def test_reported_speech(pipe, text: str, cue: str, speaker: str | None, content: str) -> None:
    quote = only(pipe, text)
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.text == content
    if speaker is not None:
        assert quote.speaker is not None and quote.speaker.text == speaker


OBJECT_STATEMENTS = [
    ("أعلنت حركة الجهاد مساء الثلاثاء وقفا لإطلاق النار مع إسرائيل.", "حركة الجهاد",
     "وقفا لإطلاق النار مع إسرائيل"),
    ("وحركتا حماس والجهاد أعلنتا في بيان مشترك مساء الثلاثاء تبنيهما إطلاق الصواريخ.",
     "وحركتا حماس والجهاد", "تبنيهما إطلاق الصواريخ"),
    ("في المقابل، نفت إسرائيل التوصل إلى تهدئة.", "إسرائيل", "التوصل إلى تهدئة"),
    ("أكدت #حركة_حماس التوصل إلى وقف لإطلاق النار.", "#حركة_حماس",
     "التوصل إلى وقف لإطلاق النار"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), OBJECT_STATEMENTS)
def test_statement_as_the_verbs_object(pipe, text: str, speaker: str, content: str) -> None:
    quote = only(pipe, text)
    assert quote.speaker is not None and quote.speaker.text == speaker
    assert (quote.kind, quote.text) == ("indirect", content)


def test_quoted_name_in_the_subject_is_not_the_statement(pipe) -> None:
    quote = only(pipe, "وقالت منظمة «هيومن رايتس ووتش» الحقوقية إن الوضع خطير.")
    assert quote.text == "الوضع خطير"
    assert quote.speaker is not None and "هيومن رايتس ووتش" in quote.speaker.text


def test_relayed_direct_quote_then_participle(pipe) -> None:
    text = ('ونقلت وكالة الصحافة الفرنسية عن هولاند قوله "هذا الخطر سيبقى قائما لوقت طويل" '
            "مضيفا أن الأمر يتطلب كل الاحتياطات.")
    first, second = quotes_of(pipe, text)
    assert (first.kind, first.text) == ("direct", "هذا الخطر سيبقى قائما لوقت طويل")
    assert first.speaker is not None and first.speaker.text == "هولاند"
    assert first.source is not None and first.source.text == "وكالة الصحافة الفرنسية"
    assert (second.kind, second.text) == ("indirect", "الأمر يتطلب كل الاحتياطات")
    assert second.speaker is not None and second.speaker.text == "هولاند"


def test_participle_without_comma_starts_the_next_statement(pipe) -> None:
    text = "وأوضح الطبيب أن الإصابة أدت لوفاته مضيفا أنهم قاموا بالمعاينة."
    assert [q.text for q in quotes_of(pipe, text)] == ["الإصابة أدت لوفاته", "قاموا بالمعاينة"]


def test_each_speech_verb_gives_its_own_quote(pipe) -> None:
    text = "وقالت الحركة إن الاتفاق تم، مشيرة إلى أن الوساطة مصرية."
    found = quotes_of(pipe, text)
    assert [q.text for q in found] == ["الاتفاق تم", "الوساطة مصرية"]
    assert [q.cue.text for q in found if q.cue] == ["وقالت", "مشيرة"]
    assert found[1].speaker == found[0].speaker


def test_long_quotation_after_the_speaker_while_the_sentence_goes_on(pipe) -> None:
    text = 'وقالت ماي أمام النواب "نحن على خلاف بشأن الطريقة الفضلى لتنفيذ تعهدنا" حزيران 2016.'
    quote = only(pipe, text)
    assert quote.text == "نحن على خلاف بشأن الطريقة الفضلى لتنفيذ تعهدنا"
    assert quote.speaker is not None and quote.speaker.text == "ماي"


MIXED = [
    ("وأعربوا عن “مخاوف جدية” بشأن الصفقات.", "mixed", "مخاوف جدية"),
    ('ووصفته الوزارة بـ"هدف معاد" اخترق الأجواء.', "mixed", "هدف معاد"),
    ('وقال مدير المرصد "بدأ آلاف النازحين بالعودة منذ عصر الجمعة" بعد وقف إطلاق النار.',
     "direct", "بدأ آلاف النازحين بالعودة منذ عصر الجمعة"),
    ("وتعهد كيم “بالدعم الكامل” لبوتين.", "mixed", "بالدعم الكامل"),
    ('وقال بوتين إن البلدين لديهما "الكثير من المشاريع" في النقل.', "mixed",
     'البلدين لديهما "الكثير من المشاريع" في النقل'),
    # a short quotation that is a name or a title does not make a reported clause mixed
    ('وقالت نجيم إنها سعيدة بدورها في مسلسل "طريق" هذا العام.', "indirect",
     'سعيدة بدورها في مسلسل "طريق" هذا العام'),
    ('وأعلن اللاعب أنه انتقل إلى النصر عبر حسابه على موقع "تويتر" مساء أمس.', "indirect",
     'انتقل إلى النصر عبر حسابه على موقع "تويتر" مساء أمس'),
]


@pytest.mark.parametrize(("text", "kind", "content"), MIXED)
def test_mixed_quotes(pipe, text: str, kind: str, content: str) -> None:
    quote = only(pipe, text)
    assert (quote.kind, quote.text) == (kind, content)


# -- speakers: VSO, SVO, post-posed, pronouns with agreement, roles, groups ----------------
SPEAKERS = [
    ("وقال الحاكم ميخائيل ديجTIARIEF إن المصنع مهم.".replace("ديجTIARIEF", "ديجتياريف"),
     "الحاكم ميخائيل ديجتياريف", "role"),
    ("وقال مسؤولون كوريون جنوبيون إن الأسلحة استخدمت.", "مسؤولون كوريون جنوبيون", "group"),
    ("وتتوقع حكومات وخبراء أجانب أن يقوم كيم بتزويد روسيا بالذخيرة.",
     "حكومات وخبراء أجانب", "group"),
    ("وقال بيسكوف في وقت لاحق إن بوتين قبل الدعوة.", "بيسكوف", "name"),
    ("وقالت نيكي هايلي في بيان إن الهجمات هي الأكبر.", "نيكي هايلي", "name"),
    ("قال الرئيس الفنزويلي، نيكولاس مادورو، إن البلاد متأثرة.",
     "الرئيس الفنزويلي، نيكولاس مادورو", "role"),
    ("وحذرت الهيئة الشهر الماضي من أن الاستثمار خطر.", "الهيئة", "name"),
    ("وقالت عنه هيبورن إن ملابسه هي الوحيدة التي تريحها.", "هيبورن", "name"),
    ("ودعا مفتي طرابلس كل السياسيين إلى إعلاء مصالح الوطن.", "مفتي طرابلس", "name"),
    ("وطالب جلبان بفرض رقابة، مؤكدا أن الحل في التثقيف.", None, None),
    ("ويُشير الخبراء إلى أن السوق تتعافى.", "الخبراء", "group"),
    # a «لل» complement after a definite word continues an organisation's or a role's name
    ("أكدت الهيئة العامة للطيران المدني أن المشروع في مراحله النهائية.",
     "الهيئة العامة للطيران المدني", "name"),
    ("أعلنت الشركة التونسية للكهرباء والغاز أن التيار سينقطع.",
     "الشركة التونسية للكهرباء والغاز", "role"),
    ("وقال الرئيس الروسي للصحفيين إن الوضع صعب.", "الرئيس الروسي", "role"),
    ("وقال مستشار الرئيس للشؤون الدبلوماسية مجدي الخالدي إن الرئيس بخير.",
     "مستشار الرئيس للشؤون الدبلوماسية مجدي الخالدي", "role"),
    ("وقال الوزير للمواطنين إن الوضع صعب.", "الوزير", "role"),
    # a manner phrase after the name ends the subject
    ("وأضافت ندين باللهجة اللبنانية: \"ما في هيك شي\".", "ندين", "name"),
    ("وقال الوزير بصوت مرتفع إن الخطة جاهزة.", "الوزير", "role"),
    # a subject before the verb after «وكان … قد», quantified groups
    ("وكان كثير من المختصين بالشؤون الكورية الشمالية قد أكدوا أن القادة سيلتقون.",
     "كثير من المختصين بالشؤون الكورية الشمالية", "group"),
    ("لكن مختصين قالوا لوكالة يونهاب إن الزائر قد يكون شقيقته.", "مختصين", "group"),
    # SVO: with a subject before the verb, the phrase after it is the object
    ("ترامب يدعو كوريا الشمالية إلى \"طاولة التفاوض\".", "ترامب", "name"),
    ("الاتفاق النووي: إيران تصف نتنياهو بأنه كاذب.", "إيران", "name"),
    ("وقد أعلنت منظمة الصحة العالمية أن الوباء انتهى.", "منظمة الصحة العالمية", "name"),
    # a preposition after a comma opens an adjunct, not more of the subject
    ("وأضاف ترامب، في مقطع مصور للاجتماع: \"لدينا أشخاص يأتون\".", "ترامب", "name"),
    ("وأعربت البعثة في واشنطن، حينئذ، عن \"صدمتها ورفضها\".", "البعثة في واشنطن", "name"),
    # the subject after a channel the statement was made to
    ("وأكد لـ«الجزيرة» الدكتور الركبان، أن هذا العمل تحقق.", "الدكتور الركبان", "name"),
    ("وقال لوكالة رويترز مسؤول أمريكي إن الاتفاق قريب.", "مسؤول أمريكي", "role"),
    # «حول»/«بشأن» after the subject open an adjunct; a long one (hashtags, quoted outlets,
    # counted in words) still reaches «إن»
    # the author named with a document speaks
    ("وقال بيان صادر عن قيادة الجيش اللبناني الجمعة إن الوضع هادئ.", "قيادة الجيش اللبناني",
     "name"),
    ("وذكر بيان لحزب الأمة السوداني أن المهدي غادر.", "حزب الأمة السوداني", "name"),
    ("ونقلت الوكالة عن بيان لوزارة الدفاع قوله إن الاشتباك انتهى.", "وزارة الدفاع", "role"),
    ("وأكد الجيش الأمريكي من جانبه الخميس أنه نفذ ضربة.", "الجيش الأمريكي", "role"),
    ("واعتبر ظريف في رده على تصريحات نظيره الأمريكي أن الاتفاق قائم.", "ظريف", "name"),
    ("وأضاف بيان حزب الأمة أن المهدي احتجز.", "حزب الأمة", "name"),
    ("وقال تقرير أصدرته وزارة الخزانة الشهر الماضي إن العقوبات فعالة.", "وزارة الخزانة", "role"),
    ("قالت الممثلة #ندين_نسيب_نجيم حول ما تردد من أنباء عن مشاركتها في الجزء الثالث من "
     "مسلسل \"الهيبة\" في تصريح خاص لها مع \"العربية.نت\" إنها لن تشارك في أي عمل.",
     "الممثلة #ندين_نسيب_نجيم", "name"),
]


@pytest.mark.parametrize(("text", "speaker", "kind"), SPEAKERS)
def test_subject_after_the_verb(pipe, text: str, speaker: str | None, kind: str | None) -> None:
    quote = quotes_of(pipe, text)[-1]
    assert quote.speaker is not None
    if speaker is None:  # the participle's subject: the verb's, without its object
        assert "بفرض" not in quote.speaker.text
    else:
        assert (quote.speaker.text, quote.speaker.kind) == (speaker, kind)


def test_passive_verb_before_a_document_attribution(pipe) -> None:
    text = "ويعتبر هذا الرقم أعلى من توقعات المحللين، وفقا لوكالة فرانس برس."
    quote = only(pipe, text)
    assert quote.cue is not None and quote.cue.text == "وفقا"
    assert quote.text == "ويعتبر هذا الرقم أعلى من توقعات المحللين"
    assert quote.speaker is not None and quote.speaker.text == "وكالة فرانس برس"


@pytest.mark.parametrize(("text", "speaker"), [
    ("وشنت المقاتلات سلسلة غارات على أهداف في القطاع، بينها نفق بحسب جيش الاحتلال.",
     "جيش الاحتلال"),
    ("ونزح أكثر من مئتي ألف شخص من درعا وفق الأمم المتحدة.", "الأمم المتحدة"),
    ("وتختلف الرسوم حسب نوع العملية.", None),  # a measure, not a speaker
    ("ويتم التعامل مع المصابين وفق الإجراءات اللازمة.", None),
])
def test_attribution_closing_a_sentence(pipe, text: str, speaker: str | None) -> None:
    found = quotes_of(pipe, text)
    if speaker is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].speaker is not None
        assert found[0].speaker.text == speaker


def test_relative_pronoun_takes_its_antecedent(pipe) -> None:
    text = "وتلقت دعما من أستاذها العبري السابق في جامعة فلوريدا، الذي وصفها بأنها طالبة استثنائية."
    quote = only(pipe, text)
    assert quote.speaker is not None
    assert quote.speaker.text == "أستاذها العبري السابق في جامعة فلوريدا"


def test_post_posed_speaker_and_source(pipe) -> None:
    text = ("ومن المقرر أن يسافر كيم إلى فلاديفوستوك لتفقد الأسطول، "
            "حسبما صرح بوتين لوسائل الإعلام الروسية بعد لقائه مع كيم.")
    quote = only(pipe, text)
    assert quote.text == "ومن المقرر أن يسافر كيم إلى فلاديفوستوك لتفقد الأسطول"
    assert quote.cue is not None and quote.cue.text == "صرح"
    assert quote.speaker is not None and quote.speaker.text == "بوتين"
    assert quote.source is not None and quote.source.text.startswith("وسائل الإعلام")


PRONOUNS = [
    # (text, cue of the pronoun quote, expected antecedent speaker text)
    ("وقالت الوزيرة إن الخطة جاهزة. وقال الخبراء إن الخطة ضعيفة. وأضافت أن التمويل متوفر.",
     "وأضافت", "الوزيرة"),
    ("وقال الوزير إن الخطة جاهزة. وقالت الوزارة إن التمويل متوفر. وأضاف أن العمل بدأ.",
     "وأضاف", "الوزير"),
    ("تحدث مستشارو الأمن القومي عبر الهاتف. وقال الوزير إن الاتصال مفيد. "
     "وحذروا من أن الصفقات ستكلف ثمنا.", "وحذروا", "مستشارو الأمن القومي"),
    # a fronted prepositional phrase before the verb is never its subject
    ("وقالت الممثلة إنها سعيدة. وعن الجزء الثالث قالت: \"لا أعرف شيئا\".", "قالت", "الممثلة"),
    ("وقال الوزير إن الخطة جاهزة. وحول التمويل قال إن المال متوفر.", "قال", "الوزير"),
    # a participle shares its clause's subject: the noun after it is its object
    ("وقال الوزير إن الوضع صعب، مؤكدا ضرورة أن تستمر الجهود.", "مؤكدا", "الوزير"),
    ("وقال الوزير إن الوضع جيد، مؤكدا على دور مركز الإغاثة، مبينا بأن المدن محررة.", "مبينا",
     "الوزير"),
]


@pytest.mark.parametrize(("text", "cue", "antecedent"), PRONOUNS)
def test_pronoun_subject_agrees_in_gender_and_number(pipe, text: str, cue: str,
                                                     antecedent: str) -> None:
    quote = next(q for q in quotes_of(pipe, text) if q.cue and q.cue.text == cue)
    assert quote.speaker is not None
    assert quote.speaker.text == antecedent


def _with_entities(text: str, names: list[tuple[str, str]]) -> Document:
    base = build_pipeline(TEXT_STAGES)(text)
    entities = []
    for n, (name, etype) in enumerate(names, 1):
        mentions = []
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention(start, start + len(name), name))
            start = text.find(name, start + 1)
        entities.append(Entity(f"E{n}", etype, name, tuple(mentions)))
    return base.with_layer("entities", entities=tuple(entities))


def test_bare_said_links_to_the_entity_of_the_previous_speaker() -> None:
    text = ("وقال الحاكم ميخائيل ديجتياريف إن والد كيم جونغ إيل زار المصنع.\n"
            "وقال: “لقد حارب آباؤنا معا”.")
    doc = QuoteStage()(_with_entities(text, [("ميخائيل ديجتياريف", "PER"),
                                              ("كيم جونغ إيل", "PER")]))
    first, second = doc.quotes
    assert first.speaker is not None and first.speaker.entity == "E1"
    assert first.speaker.kind == "name"
    assert second.speaker is not None
    assert (second.speaker.kind, second.speaker.text, second.speaker.entity) == \
        ("pronoun", "وقال", "E1")


def test_role_in_apposition_links_to_the_named_entity() -> None:
    text = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن بوتين قبل الدعوة."
    doc = QuoteStage()(_with_entities(text, [("الكرملين", "ORG"), ("دميتري بيسكوف", "PER")]))
    (quote,) = doc.quotes
    assert quote.speaker is not None and quote.speaker.entity == "E2"


@pytest.mark.parametrize(("text", "name", "speaker"), [
    ('ووصف ترامب المهاجرين المكسيكيين بـ "المغتصبين".', "ترامب", "ترامب"),
    ('وأبلغ ترامب صحفيين أنه سيزور المنطقة "قريبا جدا".', "ترامب", "ترامب"),
    ("واتهم المرصد السوري لحقوق الإنسان قوات النظام بأنها قصفت المدينة.",
     "المرصد السوري لحقوق الإنسان", "المرصد السوري لحقوق الإنسان"),
])
def test_subject_of_a_verb_with_an_object_ends_with_its_entity(text: str, name: str,
                                                               speaker: str) -> None:
    doc = QuoteStage()(_with_entities(text, [(name, "PER" if " " not in name else "ORG")]))
    assert doc.quotes and doc.quotes[0].speaker is not None
    assert doc.quotes[0].speaker.text == speaker


def test_group_speakers_are_not_linked_to_places() -> None:
    text = "وقال مستشارو الأمن القومي للولايات المتحدة إن الصفقات خطيرة."
    doc = QuoteStage()(_with_entities(text, [("الولايات المتحدة", "LOC")]))
    (quote,) = doc.quotes
    assert quote.speaker is not None
    assert (quote.speaker.kind, quote.speaker.entity) == ("group", None)


# -- sources ----------------------------------------------------------------------------------
SOURCES = [
    ("ووفقا لبيان مجلس الوزراء الروسي، زار كيم منشأة تنتج الطائرات.", "بيان مجلس الوزراء الروسي"),
    ("قتل ثلاثون شخصا في هجمات على القرى، بحسب النائب محمد ساندو.", None),
    ("وقال مانتوروف في البيان: “لقد عرضنا أحد المصانع”.", "البيان"),
    ("وقال بوتين للصحفيين إن المشاريع كثيرة.", "للصحفيين"),
    ("ونقلت رويترز عن مسؤول إسرائيلي قوله إن الأنباء غير صحيحة.", "رويترز"),
    ("وقال مصدر أمني لرويترز إن الهجوم وقع ليلا.", "رويترز"),
    ("وقال مسؤول في مؤسسة الكهرباء لـ«الشرق الأوسط»، إن التيار عاد.", "«الشرق الأوسط»"),
    ("وقالت الشرطة في سلسلة تغريدات عبر صفحتها على تويتر، إنها تلقت بلاغا.", "سلسلة تغريدات"),
    ("وأكد لـ«الجزيرة» الدكتور الركبان، أن هذا العمل تحقق.", "«الجزيرة»"),
    ("وقال لوكالة رويترز مسؤول أمريكي إن الاتفاق قريب.", "وكالة رويترز"),
    ("وقال باسلمة في حوار أجرته «عكاظ» إن المطار جاهز.", "حوار أجرته «عكاظ»"),
]


@pytest.mark.parametrize(("text", "source"), SOURCES)
def test_sources(pipe, text: str, source: str | None) -> None:
    quote = only(pipe, text)
    if source is None:
        assert quote.speaker is not None and quote.speaker.text == "النائب محمد ساندو"
    else:
        assert quote.source is not None and quote.source.text == source


# -- hedges -----------------------------------------------------------------------------------
HEDGES = [
    ("وتتوقع حكومات أن يقوم كيم على الأرجح بتزويد روسيا بالذخيرة.", "على الأرجح"),
    ("ويقول خبراء إن بوتين قد يرغب في الحصول على ذخيرة.", "قد"),
    ("وقال مسؤولون إن من المرجح أن معظمها نسخ قديمة.", "من المرجح"),
    ("ويعتقد محللون أن الاتفاق سيوقع قريبا.", "ويعتقد"),
    ("وقال الوزير إنه ربما يزور موسكو.", "ربما"),
]


@pytest.mark.parametrize(("text", "hedge"), HEDGES)
def test_hedges(pipe, text: str, hedge: str) -> None:
    quote = only(pipe, text)
    assert quote.hedge is not None and quote.hedge.text == hedge


def test_past_tense_after_qad_is_not_a_hedge(pipe) -> None:
    quote = only(pipe, "وقال الوزير إن مصر قد توسطت في الاتفاق.")
    assert quote.hedge is None


# -- no quotes where there are none ------------------------------------------------------------
NO_QUOTES = [
    "زار كيم المصنع وشاهد الطائرات الجديدة.",
    "يذكر أن جدة شهدت أول عرض للمصارعة الحرة.",  # the article's own voice
    "ويشار إلى أن الفريق فاز مرتين.",
    "تمت عملية نقل الأسرى إلى السجن المركزي بعد أن وصلوا.",  # «نقل» = transfer
    "وتعهد ماكرون خلال زيارته برئاسة \"الشراكة الدولية من أجل التعليم\".",  # a title
    "واكتفى المدير الفني بنادي هجر \"نيبوشا\".",
    "واتهمت الشركة شبكة \"بي إن سبورتس\" بحجب البث.",  # «بي» is not «ب»
    "ولا نتوقع أن تتحسن الأحوال قريبا.",  # first person: the author's own voice
    "رابط الخبر: «صحة عسير» تنفي بيع السيارات.",  # a quoted name as subject
    "ووقعت الحادثة في ظروف وُصفت بأنها \"غامضة\".",  # a passive verb (damma written)
    "ولن نتفاوض طالما أن الاحتلال مستمر.",
    "ولم تعلن الوزارة أن الموعد تأجل.",  # negated: nothing was said
    "أعلن خادم الحرمين الشريفين الملك عبدالله افتتاح المشروع.",  # no adjunct, not a name
    "أكد احترامه الدائم للقانون الدولي.",
    "الآراء الواردة في هذا المقال لا تعبر عن رأي الموقع.",
    "يطالب رجل الأمن السائق برخصته، بينما تردد امرأة \"حسبي الله ونعم الوكيل\".",
    "وصل الوفد عبر الحدود إلى المدينة.",
    "ونشرت الصحيفة صورا للاجتماع، ومن المتوقع أن يزور الوزير موسكو.",
    "فاز الفريق بكأس \"السوبر\" بعد مباراة صعبة.",
    "يبلغ عددهم نحو ألف شخص.",
]


@pytest.mark.parametrize("text", NO_QUOTES)
def test_no_quotes(pipe, text: str) -> None:
    assert quotes_of(pipe, text) == []


def test_ids_in_text_order_and_exact_spans(pipe) -> None:
    text = "قال بوتين إن روسيا مستعدة. وقال كيم: «نحن معكم». ويقول الخبراء إن الصفقة قريبة."
    doc = pipe(text)
    assert [q.id for q in doc.quotes] == ["Q1", "Q2", "Q3"]
    assert [q.start for q in doc.quotes] == sorted(q.start for q in doc.quotes)
    for quote in doc.quotes:
        parts: list[Span | None] = [quote.cue, quote.source, quote.hedge]
        for part in [*parts, quote.speaker]:
            if part is not None:
                assert text[part.start:part.end] == part.text


def test_works_without_tokens() -> None:
    doc = Document(id="x", text="قال بوتين إن روسيا مستعدة.")
    assert find_quotes(doc) == ()


def test_times_of_the_quote_sentence() -> None:
    pipe = build_pipeline([*TEXT_STAGES, "khabar.times.stage:TimeStage",
                           "khabar.quotes.stage:QuoteStage"])
    doc = pipe("وقال الوزير الخميس إن الاتفاق سيوقع الشهر المقبل. وقال آخرون إن الأمر مبكر.",
               published="2023-09-15")
    first, second = doc.quotes
    assert [t.text for t in doc.times if t.id in first.times] == ["الخميس", "الشهر المقبل"]
    assert second.times == ()


def test_a_dateline_is_not_content(pipe) -> None:
    text = ("دبي، الإمارات العربية المتحدة (CNN)-- استهدفت فصائل مسلحة إسرائيل بقذيفتين، "
            "وفقا لبيان الجيش.")
    (quote,) = quotes_of(pipe, text)
    assert quote.text == "استهدفت فصائل مسلحة إسرائيل بقذيفتين"
