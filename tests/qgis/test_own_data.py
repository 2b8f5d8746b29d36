"""Using one's own data (issue 13 #8): key fields picked under other names, and empty typed input templates."""
import geopandas as gpd
from conftest import layer_uri
from qgis.core import QgsFieldConstraints, QgsProject, QgsWkbTypes


def _outputs(alg):
    return {d.name(): "TEMPORARY_OUTPUT" for d in alg.destinationParameterDefinitions()
            if not d.flags() & d.FlagOptional}


def test_picked_fields_give_the_same_results_as_the_model_names(provider, synthetic_gpkg, tmp_path):
    import processing

    own = tmp_path / "own.gpkg"
    plants = gpd.read_file(synthetic_gpkg, layer="plants").rename(columns={"sector": "行业", "fuel_tce": "coal_t"})
    plants["fuel_tce"] = 1.0  # a field holding the model's name but not the user's choice
    plants.to_file(own, layer="plants", driver="GPKG")
    gpd.read_file(synthetic_gpkg, layer="cities").rename(columns={"population": "pop_2010"}).to_file(
        own, layer="cities", driver="GPKG")
    alg = provider.algorithm("fullassessment")
    base = {"DISPERSION": False, **_outputs(alg)}
    standard = processing.run(alg.id(), {"PLANTS": layer_uri(synthetic_gpkg, "plants"),
                                         "CITIES": layer_uri(synthetic_gpkg, "cities"), **base})
    picked = processing.run(alg.id(), {"PLANTS": layer_uri(own, "plants"), "CITIES": layer_uri(own, "cities"),
                                       "PLANTS_SECTOR_FIELD": "行业", "PLANTS_FUEL_FIELD": "coal_t",
                                       "CITIES_POPULATION_FIELD": "pop_2010", **base})

    def co2(result):
        layer = result["OUTPUT_CITIES"]
        return sorted((f["city_id"], f["co2_base_t"], f["co2_reduction_pct"]) for f in layer.getFeatures())

    assert co2(picked) == co2(standard) and co2(standard)[0][1] > 0
    assert "coal_t" in gpd.read_file(own, layer="plants").columns  # the user's layer is not modified


def test_templates_are_empty_typed_layers_with_field_help(provider):
    import processing

    from uisqgis.uis_qgis.contract import SCHEMAS

    alg = provider.algorithm("inputtemplates")
    processing.runAndLoadResults(alg.id(), _outputs(alg))
    try:
        layers = {layer.name(): layer for layer in QgsProject.instance().mapLayers().values()}
        plants = layers["Plants (points)"]
        assert plants.featureCount() == 0 and plants.wkbType() == QgsWkbTypes.Point
        assert list(plants.fields().names()) == list(SCHEMAS["plants"].field_names())
        fuel = plants.fields().field("fuel_tce")
        assert fuel.typeName().lower() in ("double", "real") and plants.attributeAlias(
            plants.fields().indexOf("fuel_tce")) == "Fuel (tce/yr)"
        assert fuel.constraints().constraints() & QgsFieldConstraints.ConstraintNotNull
        assert plants.fields().field("name").typeName().lower() in ("string", "text")
        cities = layers["Cities (polygons)"]
        assert cities.geometryType() == QgsWkbTypes.PolygonGeometry and "population" in cities.fields().names()
        assert len([n for n in layers if n.startswith(("Plants", "Cities", "Existing", "Urban", "Provinces"))]) == 5
    finally:
        QgsProject.instance().clear()
