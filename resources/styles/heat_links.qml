<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis maxScale="0" simplifyAlgorithm="0" styleCategories="AllStyleCategories" version="3.22.16-Białowieża" simplifyDrawingTol="1" simplifyLocal="1" hasScaleBasedVisibilityFlag="0" labelsEnabled="0" readOnly="0" minScale="100000000" simplifyMaxScale="1" simplifyDrawingHints="1" symbologyReferenceScale="-1">
  <flags>
    <Identifiable>1</Identifiable>
    <Removable>1</Removable>
    <Searchable>1</Searchable>
    <Private>0</Private>
  </flags>
  <temporal startExpression="" endExpression="" endField="" startField="" accumulate="0" limitMode="0" durationField="" enabled="0" mode="0" durationUnit="min" fixedDuration="0">
    <fixedRange>
      <start></start>
      <end></end>
    </fixedRange>
  </temporal>
  <renderer-v2 referencescale="-1" type="categorizedSymbol" forceraster="0" attr="grade" symbollevels="0" enableorderby="0">
    <categories>
      <category symbol="0" value="high" label="high grade" render="true"/>
      <category symbol="1" value="medium" label="medium grade" render="true"/>
      <category symbol="2" value="low" label="low grade" render="true"/>
    </categories>
    <symbols>
      <symbol name="0" alpha="1" type="line" force_rhr="0" clip_to_extent="1">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" value="" type="QString"/>
            <Option name="properties"/>
            <Option name="type" value="collection" type="QString"/>
          </Option>
        </data_defined_properties>
        <layer locked="0" pass="0" class="ArrowLine" enabled="1">
          <Option type="Map">
            <Option name="arrow_start_width" value="1" type="QString"/>
            <Option name="arrow_start_width_unit" value="MM" type="QString"/>
            <Option name="arrow_start_width_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="arrow_type" value="0" type="QString"/>
            <Option name="arrow_width" value="1" type="QString"/>
            <Option name="arrow_width_unit" value="MM" type="QString"/>
            <Option name="arrow_width_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_length" value="1.5" type="QString"/>
            <Option name="head_length_unit" value="MM" type="QString"/>
            <Option name="head_length_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_thickness" value="1.5" type="QString"/>
            <Option name="head_thickness_unit" value="MM" type="QString"/>
            <Option name="head_thickness_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_type" value="0" type="QString"/>
            <Option name="is_curved" value="0" type="QString"/>
            <Option name="is_repeated" value="0" type="QString"/>
            <Option name="offset" value="0" type="QString"/>
            <Option name="offset_unit" value="MM" type="QString"/>
            <Option name="offset_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="ring_filter" value="0" type="QString"/>
          </Option>
          <prop v="1" k="arrow_start_width"/>
          <prop v="MM" k="arrow_start_width_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="arrow_start_width_unit_scale"/>
          <prop v="0" k="arrow_type"/>
          <prop v="1" k="arrow_width"/>
          <prop v="MM" k="arrow_width_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="arrow_width_unit_scale"/>
          <prop v="1.5" k="head_length"/>
          <prop v="MM" k="head_length_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="head_length_unit_scale"/>
          <prop v="1.5" k="head_thickness"/>
          <prop v="MM" k="head_thickness_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="head_thickness_unit_scale"/>
          <prop v="0" k="head_type"/>
          <prop v="0" k="is_curved"/>
          <prop v="0" k="is_repeated"/>
          <prop v="0" k="offset"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_unit_scale"/>
          <prop v="0" k="ring_filter"/>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString"/>
              <Option name="properties" type="Map">
                <Option name="arrowHeadLength" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 1.5, 5.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowHeadThickness" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 1.0, 3.5)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowStartWidth" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 0.3, 3.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowWidth" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 0.3, 3.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString"/>
            </Option>
          </data_defined_properties>
          <symbol name="@0@0" alpha="1" type="fill" force_rhr="0" clip_to_extent="1">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" value="" type="QString"/>
                <Option name="properties"/>
                <Option name="type" value="collection" type="QString"/>
              </Option>
            </data_defined_properties>
            <layer locked="0" pass="0" class="SimpleFill" enabled="1">
              <Option type="Map">
                <Option name="border_width_map_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
                <Option name="color" value="178,24,43,255" type="QString"/>
                <Option name="joinstyle" value="bevel" type="QString"/>
                <Option name="offset" value="0,0" type="QString"/>
                <Option name="offset_map_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
                <Option name="offset_unit" value="MM" type="QString"/>
                <Option name="outline_color" value="255,255,255,255" type="QString"/>
                <Option name="outline_style" value="solid" type="QString"/>
                <Option name="outline_width" value="0.1" type="QString"/>
                <Option name="outline_width_unit" value="MM" type="QString"/>
                <Option name="style" value="solid" type="QString"/>
              </Option>
              <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
              <prop v="178,24,43,255" k="color"/>
              <prop v="bevel" k="joinstyle"/>
              <prop v="0,0" k="offset"/>
              <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
              <prop v="MM" k="offset_unit"/>
              <prop v="255,255,255,255" k="outline_color"/>
              <prop v="solid" k="outline_style"/>
              <prop v="0.1" k="outline_width"/>
              <prop v="MM" k="outline_width_unit"/>
              <prop v="solid" k="style"/>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" value="" type="QString"/>
                  <Option name="properties"/>
                  <Option name="type" value="collection" type="QString"/>
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol name="1" alpha="1" type="line" force_rhr="0" clip_to_extent="1">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" value="" type="QString"/>
            <Option name="properties"/>
            <Option name="type" value="collection" type="QString"/>
          </Option>
        </data_defined_properties>
        <layer locked="0" pass="0" class="ArrowLine" enabled="1">
          <Option type="Map">
            <Option name="arrow_start_width" value="1" type="QString"/>
            <Option name="arrow_start_width_unit" value="MM" type="QString"/>
            <Option name="arrow_start_width_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="arrow_type" value="0" type="QString"/>
            <Option name="arrow_width" value="1" type="QString"/>
            <Option name="arrow_width_unit" value="MM" type="QString"/>
            <Option name="arrow_width_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_length" value="1.5" type="QString"/>
            <Option name="head_length_unit" value="MM" type="QString"/>
            <Option name="head_length_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_thickness" value="1.5" type="QString"/>
            <Option name="head_thickness_unit" value="MM" type="QString"/>
            <Option name="head_thickness_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_type" value="0" type="QString"/>
            <Option name="is_curved" value="0" type="QString"/>
            <Option name="is_repeated" value="0" type="QString"/>
            <Option name="offset" value="0" type="QString"/>
            <Option name="offset_unit" value="MM" type="QString"/>
            <Option name="offset_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="ring_filter" value="0" type="QString"/>
          </Option>
          <prop v="1" k="arrow_start_width"/>
          <prop v="MM" k="arrow_start_width_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="arrow_start_width_unit_scale"/>
          <prop v="0" k="arrow_type"/>
          <prop v="1" k="arrow_width"/>
          <prop v="MM" k="arrow_width_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="arrow_width_unit_scale"/>
          <prop v="1.5" k="head_length"/>
          <prop v="MM" k="head_length_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="head_length_unit_scale"/>
          <prop v="1.5" k="head_thickness"/>
          <prop v="MM" k="head_thickness_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="head_thickness_unit_scale"/>
          <prop v="0" k="head_type"/>
          <prop v="0" k="is_curved"/>
          <prop v="0" k="is_repeated"/>
          <prop v="0" k="offset"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_unit_scale"/>
          <prop v="0" k="ring_filter"/>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString"/>
              <Option name="properties" type="Map">
                <Option name="arrowHeadLength" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 1.5, 5.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowHeadThickness" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 1.0, 3.5)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowStartWidth" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 0.3, 3.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowWidth" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 0.3, 3.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString"/>
            </Option>
          </data_defined_properties>
          <symbol name="@1@0" alpha="1" type="fill" force_rhr="0" clip_to_extent="1">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" value="" type="QString"/>
                <Option name="properties"/>
                <Option name="type" value="collection" type="QString"/>
              </Option>
            </data_defined_properties>
            <layer locked="0" pass="0" class="SimpleFill" enabled="1">
              <Option type="Map">
                <Option name="border_width_map_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
                <Option name="color" value="239,138,98,255" type="QString"/>
                <Option name="joinstyle" value="bevel" type="QString"/>
                <Option name="offset" value="0,0" type="QString"/>
                <Option name="offset_map_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
                <Option name="offset_unit" value="MM" type="QString"/>
                <Option name="outline_color" value="255,255,255,255" type="QString"/>
                <Option name="outline_style" value="solid" type="QString"/>
                <Option name="outline_width" value="0.1" type="QString"/>
                <Option name="outline_width_unit" value="MM" type="QString"/>
                <Option name="style" value="solid" type="QString"/>
              </Option>
              <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
              <prop v="239,138,98,255" k="color"/>
              <prop v="bevel" k="joinstyle"/>
              <prop v="0,0" k="offset"/>
              <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
              <prop v="MM" k="offset_unit"/>
              <prop v="255,255,255,255" k="outline_color"/>
              <prop v="solid" k="outline_style"/>
              <prop v="0.1" k="outline_width"/>
              <prop v="MM" k="outline_width_unit"/>
              <prop v="solid" k="style"/>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" value="" type="QString"/>
                  <Option name="properties"/>
                  <Option name="type" value="collection" type="QString"/>
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol name="2" alpha="1" type="line" force_rhr="0" clip_to_extent="1">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" value="" type="QString"/>
            <Option name="properties"/>
            <Option name="type" value="collection" type="QString"/>
          </Option>
        </data_defined_properties>
        <layer locked="0" pass="0" class="ArrowLine" enabled="1">
          <Option type="Map">
            <Option name="arrow_start_width" value="1" type="QString"/>
            <Option name="arrow_start_width_unit" value="MM" type="QString"/>
            <Option name="arrow_start_width_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="arrow_type" value="0" type="QString"/>
            <Option name="arrow_width" value="1" type="QString"/>
            <Option name="arrow_width_unit" value="MM" type="QString"/>
            <Option name="arrow_width_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_length" value="1.5" type="QString"/>
            <Option name="head_length_unit" value="MM" type="QString"/>
            <Option name="head_length_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_thickness" value="1.5" type="QString"/>
            <Option name="head_thickness_unit" value="MM" type="QString"/>
            <Option name="head_thickness_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="head_type" value="0" type="QString"/>
            <Option name="is_curved" value="0" type="QString"/>
            <Option name="is_repeated" value="0" type="QString"/>
            <Option name="offset" value="0" type="QString"/>
            <Option name="offset_unit" value="MM" type="QString"/>
            <Option name="offset_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
            <Option name="ring_filter" value="0" type="QString"/>
          </Option>
          <prop v="1" k="arrow_start_width"/>
          <prop v="MM" k="arrow_start_width_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="arrow_start_width_unit_scale"/>
          <prop v="0" k="arrow_type"/>
          <prop v="1" k="arrow_width"/>
          <prop v="MM" k="arrow_width_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="arrow_width_unit_scale"/>
          <prop v="1.5" k="head_length"/>
          <prop v="MM" k="head_length_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="head_length_unit_scale"/>
          <prop v="1.5" k="head_thickness"/>
          <prop v="MM" k="head_thickness_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="head_thickness_unit_scale"/>
          <prop v="0" k="head_type"/>
          <prop v="0" k="is_curved"/>
          <prop v="0" k="is_repeated"/>
          <prop v="0" k="offset"/>
          <prop v="MM" k="offset_unit"/>
          <prop v="3x:0,0,0,0,0,0" k="offset_unit_scale"/>
          <prop v="0" k="ring_filter"/>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString"/>
              <Option name="properties" type="Map">
                <Option name="arrowHeadLength" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 1.5, 5.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowHeadThickness" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 1.0, 3.5)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowStartWidth" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 0.3, 3.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
                <Option name="arrowWidth" type="Map">
                  <Option name="active" value="true" type="bool"/>
                  <Option name="expression" value="scale_linear(sqrt(&quot;heat_gj&quot;), 0, sqrt(maximum(&quot;heat_gj&quot;)), 0.3, 3.0)" type="QString"/>
                  <Option name="type" value="3" type="int"/>
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString"/>
            </Option>
          </data_defined_properties>
          <symbol name="@2@0" alpha="1" type="fill" force_rhr="0" clip_to_extent="1">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" value="" type="QString"/>
                <Option name="properties"/>
                <Option name="type" value="collection" type="QString"/>
              </Option>
            </data_defined_properties>
            <layer locked="0" pass="0" class="SimpleFill" enabled="1">
              <Option type="Map">
                <Option name="border_width_map_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
                <Option name="color" value="244,197,66,255" type="QString"/>
                <Option name="joinstyle" value="bevel" type="QString"/>
                <Option name="offset" value="0,0" type="QString"/>
                <Option name="offset_map_unit_scale" value="3x:0,0,0,0,0,0" type="QString"/>
                <Option name="offset_unit" value="MM" type="QString"/>
                <Option name="outline_color" value="255,255,255,255" type="QString"/>
                <Option name="outline_style" value="solid" type="QString"/>
                <Option name="outline_width" value="0.1" type="QString"/>
                <Option name="outline_width_unit" value="MM" type="QString"/>
                <Option name="style" value="solid" type="QString"/>
              </Option>
              <prop v="3x:0,0,0,0,0,0" k="border_width_map_unit_scale"/>
              <prop v="244,197,66,255" k="color"/>
              <prop v="bevel" k="joinstyle"/>
              <prop v="0,0" k="offset"/>
              <prop v="3x:0,0,0,0,0,0" k="offset_map_unit_scale"/>
              <prop v="MM" k="offset_unit"/>
              <prop v="255,255,255,255" k="outline_color"/>
              <prop v="solid" k="outline_style"/>
              <prop v="0.1" k="outline_width"/>
              <prop v="MM" k="outline_width_unit"/>
              <prop v="solid" k="style"/>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" value="" type="QString"/>
                  <Option name="properties"/>
                  <Option name="type" value="collection" type="QString"/>
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
    </symbols>
    <rotation/>
    <sizescale/>
  </renderer-v2>
  <customproperties>
    <Option/>
  </customproperties>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <geometryOptions geometryPrecision="0" removeDuplicateNodes="0">
    <activeChecks type="StringList">
      <Option value="" type="QString"/>
    </activeChecks>
    <checkConfiguration/>
  </geometryOptions>
  <legend showLabelLegend="0" type="default-vector"/>
  <referencedLayers/>
  <fieldConfiguration>
    <field name="grade" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="heat_gj" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias name="" field="grade" index="0"/>
    <alias name="" field="heat_gj" index="1"/>
  </aliases>
  <defaults>
    <default expression="" applyOnUpdate="0" field="grade"/>
    <default expression="" applyOnUpdate="0" field="heat_gj"/>
  </defaults>
  <constraints>
    <constraint notnull_strength="0" field="grade" unique_strength="0" exp_strength="0" constraints="0"/>
    <constraint notnull_strength="0" field="heat_gj" unique_strength="0" exp_strength="0" constraints="0"/>
  </constraints>
  <constraintExpressions>
    <constraint field="grade" exp="" desc=""/>
    <constraint field="heat_gj" exp="" desc=""/>
  </constraintExpressions>
  <expressionfields/>
  <attributeactions/>
  <attributetableconfig actionWidgetStyle="dropDown" sortExpression="" sortOrder="0">
    <columns/>
  </attributetableconfig>
  <conditionalstyles>
    <rowstyles/>
    <fieldstyles/>
  </conditionalstyles>
  <storedexpressions/>
  <editform tolerant="1"></editform>
  <editforminit/>
  <editforminitcodesource>0</editforminitcodesource>
  <editforminitfilepath></editforminitfilepath>
  <editforminitcode><![CDATA[]]></editforminitcode>
  <featformsuppress>0</featformsuppress>
  <editorlayout>generatedlayout</editorlayout>
  <editable/>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <previewExpression></previewExpression>
  <mapTip></mapTip>
  <layerGeometryType>1</layerGeometryType>
</qgis>
