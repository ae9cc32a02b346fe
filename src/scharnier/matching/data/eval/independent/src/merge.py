import json
cat, meta = [], {}
for i in range(1, 8):
    cat += json.load(open(f'catalog_part{i}.json'))
    meta.update(json.load(open(f'catalog_part{i}_meta.json')))
keys = [o['aanbieder'] + '/' + o['kenmerk'] for o in cat]
assert len(keys) == len(set(keys)), 'dup'
json.dump(cat, open('../catalog.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
json.dump(meta, open('meta.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print(len(cat), len({o['aanbieder'] for o in cat}))
