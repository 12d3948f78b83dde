# Independent counter of tool / resource / prompt registrations in Python code, for bench/discovery.mjs.
# Written from the frameworks' documented idioms with the standard library's `ast` only: it shares no code
# with agent-guard's discovery (tree-sitter, src/families/tool-input/discovery/python.ts), so the bench
# compares two readings of the same tree.
#
#   python3 bench/lib/discovery_counter.py ROOT      -> JSON on stdout: {"registrations": [...], "unparsed": [...]}
#   python3 bench/lib/discovery_counter.py --stdin NAME  -> the same for one file's source read from stdin
#
# Each registration: {"path", "line", "kind": tool|resource|prompt, "idiom", "name"}; `line` is where the
# registration is written (the decorator, the registering call, the class statement) except for LlamaIndex
# spec functions, whose line is the method's `def` (the class lists names only).
#
# Idioms counted (what a careful reader counts as one entry point exposed to a model or MCP client):
#   FastMCP / MCP SDK   @x.tool / @x.tool(...), @x.resource(...), @x.prompt(...) on a function (any receiver)
#                       x.tool(...)(fn), x.resource(...)(fn), x.prompt(...)(fn)       (the decorator called by hand)
#                       x.add_tool(fn, ...), x.add_prompt(fn, ...)                      (a function or Tool object)
#   MCP low-level       @server.call_tool(), @server.read_resource(), @server.get_prompt()
#                       Server(..., on_call_tool=f / on_read_resource=f / on_get_prompt=f)  (any call with the keyword)
#   LangChain           a class deriving from BaseTool / StructuredTool / Tool, directly or through classes
#                       of the same tree (bases matched by their last name), that defines _run or _arun
#                       itself, or that sets `name` and inherits _run / _arun from a class of the tree
#   LlamaIndex          each entry of `spec_functions` (a name, or a (sync, async) pair: one tool) in a class
#                       deriving from BaseToolSpec, directly or through classes of the tree
import ast
import re
import json
import os
import sys

DECORATOR_KINDS = {'tool': 'tool', 'resource': 'resource', 'prompt': 'prompt'}
LOWLEVEL_DECORATORS = {'call_tool': 'tool', 'read_resource': 'resource', 'get_prompt': 'prompt'}
LOWLEVEL_KEYWORDS = {'on_call_tool': 'tool', 'on_read_resource': 'resource', 'on_get_prompt': 'prompt'}
ADD_CALLS = {'add_tool': 'tool', 'add_prompt': 'prompt'}
FROM_FUNCTION = {'Tool': 'tool', 'Prompt': 'prompt'}
# the MCP SDK's internal ToolManager / PromptManager / ResourceManager (its unit tests): not a server a client reaches
MANAGER = re.compile(r'manager', re.I)
LANGCHAIN_ROOTS = {'BaseTool', 'StructuredTool', 'Tool'}
LLAMA_ROOTS = {'BaseToolSpec'}
SKIP_DIRS = {'.git', 'node_modules', '.venv', 'venv', 'site-packages', '__pycache__', '.tox'}


def last_name(expr):
    """The last name of a base-class or callee expression: `a.b.C` -> C, `C[T]` -> C."""
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Name):
        return expr.id
    return None


def str_kw(call, key):
    for k in call.keywords:
        if k.arg == key and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
            return k.value.value
    return None


def first_str(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def str_kw_name(call, key):
    for k in call.keywords:
        if k.arg == key:
            return last_name(k.value)
    return None


def is_from_function(call):
    f = call.func
    return isinstance(f, ast.Attribute) and f.attr == 'from_function' and last_name(f.value) in FROM_FUNCTION


def spec_names(value):
    """Entries of a `spec_functions = [...]` list: a string, or the first string of a (sync, async) pair."""
    out = []
    if isinstance(value, (ast.List, ast.Tuple)):
        for e in value.elts:
            if isinstance(e, ast.Constant) and isinstance(e.value, str):
                out.append(e.value)
            elif isinstance(e, ast.Tuple) and e.elts and isinstance(e.elts[0], ast.Constant) and isinstance(e.elts[0].value, str):
                out.append(e.elts[0].value)
    return out


def count_source(source, path):
    """Registrations written directly in one file, and the classes it defines (for the cross-file class pass)."""
    tree = ast.parse(source, filename=path)
    regs = []
    classes = []
    consumed = set()  # from_function calls registered directly as an add_tool argument
    from_functions = []  # (call id, registration): counted when the object is registered (see count_tree)
    pending_adds = []  # (name, registration): add_tool(name), unless name holds a from_function object
    add_files = False
    params_of = {}  # call id -> parameter names of the enclosing function
    loop_vars = set()
    bound = {}  # from_function call id -> the name it is assigned to
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            names = {a.arg for a in fn.args.args + fn.args.posonlyargs + fn.args.kwonlyargs}
            for sub in ast.walk(fn):
                if isinstance(sub, ast.Call):
                    params_of.setdefault(id(sub), set()).update(names)
        elif isinstance(fn, (ast.For, ast.AsyncFor, ast.comprehension)):
            loop_vars.update(n.id for n in ast.walk(fn.target) if isinstance(n, ast.Name))
        elif isinstance(fn, ast.Assign) and isinstance(fn.value, ast.Call):
            for t in fn.targets:
                if isinstance(t, ast.Name):
                    bound[id(fn.value)] = t.id
    # code a test expects to be rejected (`with pytest.raises(...)`) registers nothing
    rejected = [
        (w.lineno, w.end_lineno)
        for w in ast.walk(tree)
        if isinstance(w, (ast.With, ast.AsyncWith))
        and any(isinstance(i.context_expr, ast.Call) and last_name(i.context_expr.func) == 'raises' for i in w.items)
    ]
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in node.decorator_list:
                f = d.func if isinstance(d, ast.Call) else d
                if not isinstance(f, ast.Attribute):
                    continue
                if f.attr in DECORATOR_KINDS:
                    name = (str_kw(d, 'name') if isinstance(d, ast.Call) else None) or node.name
                    regs.append({'path': path, 'line': d.lineno, 'kind': DECORATOR_KINDS[f.attr], 'idiom': f'@x.{f.attr}', 'name': name})
                elif f.attr in LOWLEVEL_DECORATORS:
                    regs.append({'path': path, 'line': d.lineno, 'kind': LOWLEVEL_DECORATORS[f.attr], 'idiom': f'@server.{f.attr}()', 'name': node.name})
        elif isinstance(node, ast.Call):
            f = node.func
            # x.tool(name=...)(fn): the decorator factory called, then applied by hand
            if isinstance(f, ast.Call) and isinstance(f.func, ast.Attribute) and f.func.attr in DECORATOR_KINDS and node.args:
                fn = last_name(node.args[0]) or '?'
                regs.append({'path': path, 'line': node.lineno, 'kind': DECORATOR_KINDS[f.func.attr], 'idiom': f'x.{f.func.attr}(...)(fn)', 'name': str_kw(f, 'name') or fn})
            elif isinstance(f, ast.Attribute) and f.attr in ADD_CALLS and node.args and not MANAGER.search(last_name(f.value) or ''):
                arg = node.args[0]
                add_files = True
                if isinstance(arg, ast.Call) and is_from_function(arg):
                    consumed.add(id(arg))  # mcp.add_tool(Tool.from_function(f)): one registration, here
                    name = str_kw(arg, 'name') or (last_name(arg.args[0]) if arg.args else None) or str_kw_name(arg, 'fn') or '?'
                    regs.append({'path': path, 'line': node.lineno, 'kind': ADD_CALLS[f.attr], 'idiom': f'x.{f.attr}(X.from_function(fn))', 'name': name})
                elif isinstance(arg, ast.Name) and (arg.id in params_of.get(id(node), ()) or arg.id in loop_vars):
                    pass  # forwarding a parameter (a registering helper, the SDK's own add_tool) or a loop over objects made elsewhere
                elif isinstance(arg, ast.Attribute) and arg.attr == 'fn':
                    pass  # tool.fn of a Tool object: registered where the object is made
                elif isinstance(arg, ast.Name):
                    pending_adds.append((arg.id, {'path': path, 'line': node.lineno, 'kind': ADD_CALLS[f.attr], 'idiom': f'x.{f.attr}(fn)', 'name': str_kw(node, 'name') or arg.id}))
                else:
                    regs.append({'path': path, 'line': node.lineno, 'kind': ADD_CALLS[f.attr], 'idiom': f'x.{f.attr}(fn)', 'name': str_kw(node, 'name') or last_name(arg) or '?'})
            elif is_from_function(node) and not (node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in params_of.get(id(node), ())):
                kind = FROM_FUNCTION[last_name(f.value)]
                from_functions.append((id(node), {'path': path, 'line': node.lineno, 'kind': kind, 'idiom': f'{last_name(f.value)}.from_function(fn)', 'name': str_kw(node, 'name') or (last_name(node.args[0]) if node.args else None) or str_kw_name(node, 'fn') or '?'}))
            for k in node.keywords:
                if k.arg in LOWLEVEL_KEYWORDS:
                    regs.append({'path': path, 'line': k.value.lineno, 'kind': LOWLEVEL_KEYWORDS[k.arg], 'idiom': f'Server({k.arg}=f)', 'name': last_name(k.value) or '?'})
        elif isinstance(node, ast.ClassDef):
            methods = {}
            has_name = False
            specs = None
            for s in node.body:
                if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    methods[s.name] = s.lineno
                elif isinstance(s, (ast.Assign, ast.AnnAssign)):
                    targets = s.targets if isinstance(s, ast.Assign) else [s.target]
                    for t in targets:
                        if isinstance(t, ast.Name) and t.id == 'name' and s.value is not None:
                            has_name = True
                        if isinstance(t, ast.Name) and t.id == 'spec_functions' and s.value is not None:
                            specs = spec_names(s.value)
            classes.append(
                {
                    'path': path,
                    'line': node.lineno,
                    'name': node.name,
                    'bases': [b for b in (last_name(x) for x in node.bases) if b],
                    'methods': methods,
                    'hasName': has_name,
                    'specs': specs,
                }
            )
    if rejected:
        regs = [r for r in regs if not any(a <= r['line'] <= b for a, b in rejected)]
    names_here = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} if add_files else set()
    imported = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names} if add_files else set()
    made = [(bound.get(cid), r) for cid, r in from_functions if cid not in consumed]
    return regs, classes, {'made': made, 'pendingAdds': pending_adds, 'names': names_here, 'imported': imported}


def resolve_objects(objs):
    """Tool / Prompt.from_function objects count when they reach a server: their name is used in their own
    file, or imported into another, that calls x.add_tool / x.add_prompt (the list or loop that registers
    them); add_tool(name) counts unless the name holds such an object (then the object was counted)."""
    imported = set().union(*(o['imported'] for o in objs)) if objs else set()
    made_names = {n for o in objs for n, _ in o['made'] if n}
    regs = [r for o in objs for n, r in o['made'] if n and (n in o['names'] or n in imported)]
    regs += [r for o in objs for n, r in o['pendingAdds'] if n not in made_names]
    return regs


def derived(classes, roots):
    """Names of the classes deriving from one of `roots`, directly or through classes of the tree."""
    by_name = {}
    for c in classes:
        by_name.setdefault(c['name'], []).append(c)
    memo = {}

    def walk(name, seen):
        if name in roots:
            return True
        if name in memo:
            return memo[name]
        if name in seen or name not in by_name:
            return False
        seen = seen | {name}
        ok = any(walk(b, seen) for c in by_name[name] for b in c['bases'])
        memo[name] = ok
        return ok

    return {c['name'] for c in classes if walk(c['name'], frozenset())} - roots, by_name


def ancestors(c, by_name):
    """The classes of the tree `c` derives from (nearest first, each once)."""
    out, queue, seen = [], list(c['bases']), set()
    while queue:
        b = queue.pop(0)
        if b in seen or b not in by_name:
            continue
        seen.add(b)
        for a in by_name[b]:
            out.append(a)
            queue.extend(a['bases'])
    return out


def class_registrations(classes):
    regs = []
    tools, by_name = derived(classes, LANGCHAIN_ROOTS)
    for c in classes:
        if c['name'] not in tools:
            continue
        own = '_run' in c['methods'] or '_arun' in c['methods']
        inherited = any('_run' in a['methods'] or '_arun' in a['methods'] for a in ancestors(c, by_name))
        if own or (c['hasName'] and inherited):
            regs.append({'path': c['path'], 'line': c['line'], 'kind': 'tool', 'idiom': 'class(BaseTool)', 'name': c['name']})
    specs, by_name = derived(classes, LLAMA_ROOTS)
    for c in classes:
        if c['name'] not in specs:
            continue
        names = c['specs']
        if names is None:
            names = next((a['specs'] for a in ancestors(c, by_name) if a['specs'] is not None), None)
        for n in names or []:
            where = c if n in c['methods'] else next((a for a in ancestors(c, by_name) if n in a['methods']), None)
            path, line = (where['path'], where['methods'][n]) if where else (c['path'], c['line'])
            regs.append({'path': path, 'line': line, 'kind': 'tool', 'idiom': 'spec_functions', 'name': n, 'class': c['name']})
    return regs


def python_files(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
        for f in sorted(files):
            if f.endswith('.py') or f.endswith('.pyi'):
                yield os.path.join(d, f)


def count_tree(root):
    regs, classes, objs, unparsed = [], [], [], []
    for full in python_files(root):
        rel = os.path.relpath(full, root).replace(os.sep, '/')
        try:
            with open(full, encoding='utf-8', errors='replace') as fh:
                r, c, o = count_source(fh.read(), rel)
        except (SyntaxError, ValueError, RecursionError) as e:
            unparsed.append({'path': rel, 'error': type(e).__name__})
            continue
        regs += r
        classes += c
        objs.append(o)
    return {'registrations': regs + resolve_objects(objs) + class_registrations(classes), 'unparsed': unparsed}


def main(argv):
    sys.setrecursionlimit(10000)
    if len(argv) == 3 and argv[1] == '--stdin':
        r, c, o = count_source(sys.stdin.read(), argv[2])
        out = {'registrations': r + resolve_objects([o]) + class_registrations(c), 'unparsed': []}
    elif len(argv) == 2:
        out = count_tree(argv[1])
    else:
        sys.stderr.write('usage: discovery_counter.py ROOT | --stdin NAME\n')
        return 2
    json.dump(out, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
