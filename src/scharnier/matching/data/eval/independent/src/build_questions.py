import json
from lib import BY, META
from common import eligible
from questions_a import QA
from questions_b import QB
svcs = {m['svc'] for m in META.values()}
out = []
for i, (text, gm, emp, sec, age, grades) in enumerate(QA + QB, 1):
    prof = {'municipality': gm, 'employees': emp, 'sector': sec, 'companyAgeYears': age}
    rel = {}
    for g, v in grades.items():
        if v <= 0: continue
        if '/' in g:
            if g not in BY: print('UNKNOWN KEY', i, g); continue
            if eligible(BY[g], prof): rel[g] = max(rel.get(g, 0), v)
            else: print('ineligible explicit', i, g)
        else:
            if g not in svcs: print('UNKNOWN SVC', i, g); continue
            for k, m in META.items():
                if m['svc'] == g and eligible(BY[k], prof):
                    vv = v if (gm or BY[k]['gebied'] == 'nationaal') else 1
                    rel[k] = max(rel.get(k, 0), vv)
    out.append({'id': 'q%03d' % i, 'text': text, 'profile': prof,
                'relevant': dict(sorted(rel.items(), key=lambda x: -x[1]))})
json.dump(out, open('../questions.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
n = [len(q['relevant']) for q in out]
print(len(out), 'empty', sum(1 for x in n if x == 0), 'avg', sum(n)/len(n), 'max', max(n))
print('no grade-3:', [q['id'] for q in out if q['relevant'] and 3 not in q['relevant'].values()])
for q in out:
    if len(q['relevant']) > 12 or len(q['relevant']) < 2: print(q['id'], len(q['relevant']), q['text'][:60])
