"""(in progress)"""


def from_sentence(sentence, lang, owner, doc):
    return []


def from_formula(node, owner, clause, doc, lang):
    return []
