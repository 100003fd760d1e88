"""Opens a QGIS project headless (PyQGIS) and prints, as JSON, what QGIS made of each layer:
whether it is valid, its name and group, its feature count (vector layers, read through the
OGC API), geometry type, field types and legend categories. Used by qgis-project.test.ts."""
import json
import os
import sys

os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer, QgsWkbTypes  # noqa: E402

QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
out = {'read': project.read(sys.argv[1]), 'title': project.title(), 'layers': []}
root = project.layerTreeRoot()
for layer in project.mapLayers().values():
    node = root.findLayer(layer.id())
    entry = {
        'id': layer.id(), 'name': layer.name(), 'valid': layer.isValid(), 'provider': layer.providerType(),
        'group': node.parent().name() if node and node.parent() else None,
        'minScale': layer.minimumScale(), 'maxScale': layer.maximumScale(),
    }
    if isinstance(layer, QgsVectorLayer):
        entry['count'] = sum(1 for _ in layer.getFeatures())
        entry['geometry'] = QgsWkbTypes.displayString(layer.wkbType())
        entry['fields'] = {f.name(): f.typeName() for f in layer.fields()}
        renderer = layer.renderer()
        entry['renderer'] = renderer.type()
        if renderer.type() == 'categorizedSymbol':
            entry['attribute'] = renderer.classAttribute()
            entry['categories'] = [[c.value(), c.label(), c.symbol().color().name()] for c in renderer.categories()]
    out['layers'].append(entry)
print(json.dumps(out, ensure_ascii=False))
app.exitQgis()
